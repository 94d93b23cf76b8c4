package io.prunesweep.spark;

import io.prunesweep.data.DataCache;
import io.prunesweep.data.DataSource;
import io.prunesweep.data.DataSplits;
import io.prunesweep.sweep.PreparedSweep;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Table datasets travel from the driver to the executors as a broadcast of their splits' bytes
 * ({@link DataSplits#toBytes()}): an executor has no Spark session to read the tables with, and the driver has
 * read them already. A task fills its JVM's {@link DataCache} from the broadcast only on a miss, so each executor
 * JVM fetches and decodes the data once, however many tasks and stages it runs. File datasets are not shipped:
 * executors read the files themselves, as before.
 */
final class ShippedData {
    private ShippedData() {
    }

    /** The broadcast of a sweep's splits when its data is a table, else null. */
    static Broadcast<byte[]> broadcast(JavaSparkContext jsc, PreparedSweep p) {
        return p.data().format().isTable() ? jsc.broadcast(p.splits().toBytes()) : null;
    }

    /** On an executor: makes {@code source}'s splits available to the task from the broadcast (no-op for files). */
    static void receive(DataSource source, Broadcast<byte[]> data) {
        if (data != null) {
            DataCache.get(source, () -> DataSplits.fromBytes(data.value()));
        }
    }
}
