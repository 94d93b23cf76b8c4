package io.prunesweep.spark;

import io.prunesweep.storage.HadoopSettings;
import io.prunesweep.storage.Storage;
import org.apache.spark.sql.SparkSession;

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
}
