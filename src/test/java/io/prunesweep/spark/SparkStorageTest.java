package io.prunesweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prunesweep.storage.Location;
import io.prunesweep.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tasks write through the driver's Hadoop configuration, carried in the storage they capture. */
class SparkStorageTest {
    @TempDir
    Path tmp;

    @Test
    void tasksUseTheSessionsHadoopSettings() throws IOException {
        SparkSession spark = Sessions.getOrCreate("spark-storage", "local[2]");
        try {
            // a file system only the session's configuration knows: a task without it cannot open faulty:
            spark.sparkContext().hadoopConfiguration().set("fs.faulty.impl", "io.prunesweep.storage.FaultyFileSystem");
            spark.sparkContext().hadoopConfiguration().set("fs.faulty.impl.disable.cache", "true");
            Storage storage = SparkStorage.of(spark);
            String dir = "faulty://" + tmp;
            new JavaSparkContext(spark.sparkContext()).parallelize(List.of(1, 2, 3), 3).foreach(i -> {
                try {
                    storage.writeString(Location.of(dir).resolve(i + ".txt"), "task " + i);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            for (int i = 1; i <= 3; i++) {
                assertEquals("task " + i, Files.readString(tmp.resolve(i + ".txt")));
            }
        } finally {
            spark.stop();
        }
    }
}
