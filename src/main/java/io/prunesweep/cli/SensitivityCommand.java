package io.prunesweep.cli;

import io.prunesweep.spark.Sensitivity;
import io.prunesweep.spark.SweepApp;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code prunesweep sensitivity}: per-layer sensitivity analysis of a spec's base model on Spark. */
@Command(name = "sensitivity", mixinStandardHelpOptions = true,
        description = "Prune each layer alone to each ratio of the spec's sensitivity section, evaluate without "
                + "fine-tuning (one Spark task per cell, resumable); writes <out>/sensitivity.csv and sensitivity.html.")
final class SensitivityCommand implements Callable<Integer> {
    @Mixin
    SparkJobOptions job = new SparkJobOptions();

    @Override
    public Integer call() {
        SparkJobOptions.Checked c = job.check();
        SweepApp.withSession("prunesweep sensitivity " + c.spec().name(), c.master(),
                spark -> Sensitivity.run(spark, c.specFile(), job.out, System.out::println));
        return 0;
    }
}
