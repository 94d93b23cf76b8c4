/**
 * Benchmark building blocks that need no Spark: the machine's sgemm rate, training throughput under
 * different knobs, and dense-versus-shrunk latency. The Spark parts and the report are in
 * {@code io.prunesweep.spark.Bench}. Results are ratios measured in one run, never absolute targets.
 */
package io.prunesweep.bench;
