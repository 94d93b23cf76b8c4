package io.prunesweep.cli;

import io.prunesweep.spark.SweepApp;
import io.prunesweep.spec.SpecLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code prunesweep sweep}: runs or resumes a sweep spec on Spark. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run (or resume) a pruning sweep on Spark: local by default, a cluster under spark-submit.")
final class SweepCommand implements Callable<Integer> {
    @Option(names = "--spec", required = true, description = "sweep spec YAML, e.g. conf/sweeps/quick.yaml")
    Path spec;

    @Option(names = "--out", description = "output directory (default: the spec's output)")
    Path out;

    @Option(names = "--master", description = "Spark master when not under spark-submit (default: local[N] from "
            + "the spec's spark.parallelism, else local[*])")
    String master;

    @Option(names = "--retry-failed", description = "run failed candidates again (ok results are never re-run)")
    boolean retryFailed;

    @Option(names = "--history", description = "append this run's front to <out>/history/ (scheduled runs)")
    boolean history;

    @Override
    public Integer call() {
        var s = SpecLoader.load(spec); // validate before starting Spark: bad specs exit 2 in a second
        // refuse a concurrent run before paying for Spark's start-up; SweepApp takes the real lock
        java.nio.file.Path dir = (out != null ? out : java.nio.file.Path.of(s.output())).toAbsolutePath().normalize();
        new io.prunesweep.sweep.ResultStore(dir).open(s.name());
        io.prunesweep.sweep.SweepLock.probe(dir);
        String m = master;
        if (m == null && System.getProperty("spark.master") == null && s.spark().parallelism() > 0) {
            m = "local[" + s.spark().parallelism() + "]";
        }
        var spark = SweepApp.session("prunesweep " + s.name(), m);
        try {
            SweepApp.run(spark, spec, out, retryFailed, history, System.out::println);
        } finally {
            spark.stop();
        }
        return 0;
    }
}
