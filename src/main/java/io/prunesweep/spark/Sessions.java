package io.prunesweep.spark;

import io.prunesweep.sweep.SweepException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession prunesweep runs in: Kryo with our registrator and registration required, quiet
 * console progress (prunesweep prints its own), and a default master of {@code local[*,4]} when neither
 * spark-submit nor the caller set one, so a new user needs no cluster.
 */
public final class Sessions {
    /**
     * Attempts per task of the embedded default master ({@code local[N,F]}): as many as
     * {@code spark.task.maxFailures} gives a cluster in conf/spark-defaults.conf, because a plain
     * {@code local[N]} tries a task once and a transient failure would stop the sweep.
     */
    public static final int LOCAL_MAX_FAILURES = 4;

    private Sessions() {
    }

    /** The Kryo settings every prunesweep session uses; also what the launchers pass to spark-submit. */
    public static SparkConf applyDefaults(SparkConf conf) {
        return conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", PruneSweepKryoRegistrator.class.getName())
                .set("spark.kryo.registrationRequired", "true")
                .setIfMissing("spark.ui.showConsoleProgress", "false")
                .setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1")
                .setIfMissing("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE")
                .setIfMissing("spark.executorEnv.MALLOC_ARENA_MAX", "1");
    }

    /**
     * @param appName application name shown in the Spark UI
     * @param master  master to use when none is configured (e.g. {@code local[2]}); null = {@code local[*,4]}
     */
    public static SparkSession getOrCreate(String appName, String master) {
        SparkConf conf = applyDefaults(loadDefaultsFile(new SparkConf().setAppName(appName)));
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*," + LOCAL_MAX_FAILURES + "]");
        }
        if (conf.get("spark.master").startsWith("local")) {
            // nothing outside this machine needs to reach an embedded driver
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        return SparkSession.builder().config(conf).getOrCreate();
    }

    /**
     * Adds the settings of the file named by {@code -Dprunesweep.sparkDefaults} (jobs/prunesweep passes
     * {@code conf/spark-defaults.conf}), the same file spark-submit reads with {@code --properties-file}, so a
     * local run and a cluster run start from one configuration. Explicit settings win.
     */
    static SparkConf loadDefaultsFile(SparkConf conf) {
        String file = System.getProperty("prunesweep.sparkDefaults");
        if (file == null || file.isBlank()) {
            return conf;
        }
        Properties props = new Properties();
        try (var in = Files.newBufferedReader(Path.of(file))) {
            props.load(in);
        } catch (IOException e) {
            throw new SweepException("cannot read Spark defaults " + file + ": " + e.getMessage(), 2);
        }
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith("spark.")) {
                conf.setIfMissing(key, props.getProperty(key).trim());
            }
        }
        return conf;
    }

    /** Native threads per task: {@code spark.task.cpus}. */
    public static int threadsPerTask(SparkSession spark) {
        return Integer.parseInt(spark.conf().get("spark.task.cpus", "1"));
    }
}
