package io.prunesweep.cli;

import io.prunesweep.spark.SweepApp;
import io.prunesweep.sweep.ResumeOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code prunesweep sweep}: runs or resumes a sweep spec on Spark. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run (or resume) a pruning sweep on Spark: local by default, a cluster under spark-submit.")
final class SweepCommand implements Callable<Integer> {
    @Mixin
    SparkJobOptions job = new SparkJobOptions();

    @Option(names = "--retry-failed", description = "run failed candidates again (ok results are never re-run)")
    boolean retryFailed;

    @Option(names = "--rerun-other-code", description = "run again the candidates whose finished result another "
            + "build of prunesweep wrote (another git commit, or none recorded). Default: such results are reused and "
            + "the run prints a warning with their count and commits, so a scheduled rerun never redoes work")
    boolean rerunOtherCode;

    @Option(names = "--history", description = "append this run's front to <out>/history/ (scheduled runs)")
    boolean history;

    @Override
    public Integer call() {
        SparkJobOptions.Checked c = job.check();
        SweepApp.withSession("prunesweep " + c.spec().name(), c.master(),
                spark -> SweepApp.run(spark, c.specFile(), job.out,
                        new ResumeOptions(retryFailed, rerunOtherCode), history, System.out::println));
        return 0;
    }
}
