package io.prunesweep.cli;

import io.prunesweep.spec.SpecLoader;
import io.prunesweep.spec.SweepSpec;
import io.prunesweep.results.ResultStore;
import io.prunesweep.spark.Sessions;
import io.prunesweep.spark.SparkStorage;
import io.prunesweep.storage.Storage;
import io.prunesweep.storage.StoragePath;
import io.prunesweep.sweep.SweepLock;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Options and start-up shared by the commands that run a spec on Spark ({@code sweep}, {@code sensitivity}):
 * the spec is validated, the output directory checked and its lock probed before Spark's start-up is paid
 * for, so bad input and a concurrent run fail within a second.
 */
final class SparkJobOptions {
    @Option(names = "--spec", required = true, description = "sweep spec YAML: a plain path (conf/sweeps/quick.yaml) "
            + "or a URI read through Hadoop's FileSystem like --out (file:, hdfs://, s3a://); a URI's spec is checked "
            + "under its URI, then run from a local copy")
    String spec;

    @Option(names = "--out", description = "output directory (default: the spec's output): a plain path, or a URI "
            + "read and written through Hadoop's FileSystem with the session's Hadoop configuration: file:, hdfs://, "
            + "s3a:// (with hadoop-aws on the class path). The run lock on hdfs:// is an exclusive create; on s3a:// "
            + "it is a check then a write (no conditional create in Hadoop 3.3), so never start two runs of one "
            + "sweep there at once. A lock left by a killed driver is taken over after prunesweep.lock.stale-seconds "
            + "(default 120, --conf spark.hadoop.prunesweep.lock.stale-seconds=N) without its heartbeat")
    String out;

    @Option(names = "--master", description = "Spark master when not under spark-submit (default: local[N,4] from "
            + "the spec's spark.parallelism, else local[*,4]: 4 attempts per task, so transient failures are retried)")
    String master;

    /**
     * A validated spec whose output directory is usable and not locked by another run, and the master to use.
     *
     * @param spec     the spec
     * @param specFile where the run reads it: the file given, or the local copy of a spec given as a URI
     * @param master   the master for a session, or null for the configured one
     */
    record Checked(SweepSpec spec, Path specFile, String master) {
    }

    Checked check() {
        Storage storage = SparkStorage.beforeSession();
        Path specFile = SpecCopy.local(spec, storage);
        SweepSpec s = SpecLoader.load(specFile);
        StoragePath dir = StoragePath.of(storage, out != null ? out : s.output()).absolute();
        new ResultStore(dir).open(s.name());
        SweepLock.probe(dir); // the job itself takes the real lock
        String m = master;
        if (m == null && System.getProperty("spark.master") == null && s.spark().parallelism() > 0) {
            // local[N] would try a task once: F = 4 attempts as on a cluster (conf/spark-defaults.conf), so a
            // transient failure (out of memory, I/O) is retried in the embedded mode too
            m = "local[" + s.spark().parallelism() + "," + Sessions.LOCAL_MAX_FAILURES + "]";
        }
        return new Checked(s, specFile, m);
    }
}
