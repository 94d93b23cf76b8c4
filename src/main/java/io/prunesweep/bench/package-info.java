/**
 * The benchmark behind {@code jobs/bench.sh}: one small class per measurement, each with its section of
 * {@code RESULTS.md} ({@link io.prunesweep.bench.Benchmark} runs them in order). Spark is reached only
 * through {@link io.prunesweep.bench.SweepRunner}, implemented in {@code io.prunesweep.spark.Bench}.
 * Results are ratios measured in one run, never absolute targets.
 */
package io.prunesweep.bench;
