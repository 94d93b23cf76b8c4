package io.prunesweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The local default configuration comes from conf/spark-defaults.conf, the file spark-submit uses too. */
class SessionsTest {
    @Test
    void sparkDefaultsFileFillsButDoesNotOverride() {
        String old = System.getProperty("prunesweep.sparkDefaults");
        System.setProperty("prunesweep.sparkDefaults", Path.of("conf/spark-defaults.conf").toString());
        try {
            SparkConf conf = Sessions.loadDefaultsFile(new SparkConf(false).set("spark.task.maxFailures", "7"));
            assertEquals("false", conf.get("spark.speculation"));
            assertEquals("io.prunesweep.spark.PruneSweepKryoRegistrator", conf.get("spark.kryo.registrator"));
            assertEquals("7", conf.get("spark.task.maxFailures"), "explicit settings win");
            assertEquals("1", conf.get("spark.executorEnv.OMP_NUM_THREADS"));
            assertEquals("1", conf.get("spark.executorEnv.MALLOC_ARENA_MAX"));
        } finally {
            if (old == null) {
                System.clearProperty("prunesweep.sparkDefaults");
            } else {
                System.setProperty("prunesweep.sparkDefaults", old);
            }
        }
    }
}
