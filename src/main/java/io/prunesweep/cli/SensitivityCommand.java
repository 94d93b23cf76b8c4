package io.prunesweep.cli;

import io.prunesweep.spark.Sensitivity;
import io.prunesweep.spark.SweepApp;
import io.prunesweep.spec.SpecLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code prunesweep sensitivity}: per-layer sensitivity analysis of a spec's base model on Spark. */
@Command(name = "sensitivity", mixinStandardHelpOptions = true,
        description = "Prune each layer alone to each ratio of the spec's sensitivity section, evaluate without "
                + "fine-tuning (one Spark task per cell, resumable); writes <out>/sensitivity.csv and sensitivity.html.")
final class SensitivityCommand implements Callable<Integer> {
    @Option(names = "--spec", required = true, description = "sweep spec YAML")
    Path spec;

    @Option(names = "--out", description = "output directory (default: the spec's output)")
    Path out;

    @Option(names = "--master", description = "Spark master when not under spark-submit (default: local[N] from "
            + "the spec's spark.parallelism, else local[*])")
    String master;

    @Override
    public Integer call() {
        var s = SpecLoader.load(spec); // bad specs exit 2 before Spark starts
        Path dir = (out != null ? out : Path.of(s.output())).toAbsolutePath().normalize();
        new io.prunesweep.sweep.ResultStore(dir).open(s.name());
        io.prunesweep.sweep.SweepLock.probe(dir);
        String m = master;
        if (m == null && System.getProperty("spark.master") == null && s.spark().parallelism() > 0) {
            m = "local[" + s.spark().parallelism() + "]";
        }
        var spark = SweepApp.session("prunesweep sensitivity " + s.name(), m);
        try {
            Sensitivity.run(spark, spec, out, System.out::println);
        } finally {
            spark.stop();
        }
        return 0;
    }
}
