package io.prunesweep.spark;

import io.prunesweep.storage.HadoopSettings;
import io.prunesweep.storage.Storage;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * The storage a sweep uses inside a Spark session: the session's Hadoop configuration as the driver sees it
 * ({@code spark.hadoop.*} settings, {@code HADOOP_CONF_DIR}, and whatever a notebook set on
 * {@code sparkContext().hadoopConfiguration()}), captured when this is called so tasks carry the same
 * settings to the executors.
 */
public final class SparkStorage {
    private SparkStorage() {
    }

    /** A storage with {@code spark}'s current Hadoop configuration. */
    public static Storage of(SparkSession spark) {
        return new Storage(HadoopSettings.of(spark.sparkContext().hadoopConfiguration()));
    }

    /**
     * The storage a session about to start will have, without starting it: Hadoop's defaults (with the
     * {@code core-site.xml}/{@code hdfs-site.xml} of the class path, where {@code HADOOP_CONF_DIR} puts them) and
     * every {@code spark.hadoop.*} setting of spark-submit, the system properties and the Spark defaults file,
     * as Spark itself copies them into a session's Hadoop configuration. The CLI checks the output directory
     * with it before paying for Spark's start-up.
     */
    public static Storage beforeSession() {
        SparkConf conf = Sessions.loadDefaultsFile(new SparkConf());
        Configuration hadoop = new Configuration();
        for (Tuple2<String, String> e : conf.getAll()) {
            if (e._1().startsWith("spark.hadoop.")) {
                hadoop.set(e._1().substring("spark.hadoop.".length()), e._2());
            }
        }
        return new Storage(HadoopSettings.of(hadoop));
    }
}
