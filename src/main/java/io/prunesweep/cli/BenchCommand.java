package io.prunesweep.cli;

import io.prunesweep.spark.Bench;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code prunesweep bench}: the benchmark suite; writes RESULTS.md and raw.csv. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run the benchmarks (parallel efficiency, Spark overhead, throughput, structured speedup, "
                + "front quality, memory, cost model, per-candidate fixed cost, durations) and write RESULTS.md "
                + "+ raw.csv.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "bench", description = "report directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--quick", description = "CI-size inputs: exercises the code, numbers not meaningful")
    boolean quick;

    @Override
    public Integer call() {
        Path report = Bench.run(out, quick, System.out::println);
        System.out.println("wrote " + report);
        return 0;
    }
}
