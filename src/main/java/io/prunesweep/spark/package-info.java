/**
 * The only package that imports Spark: session set-up with Kryo registration required, the
 * {@link io.prunesweep.sweep.CandidateRunner} that runs candidates and sensitivity cells as Spark tasks
 * ({@link io.prunesweep.spark.SparkSweep}), the results DataFrame/Parquet, and the public entry points
 * {@link io.prunesweep.spark.SweepApp} and {@link io.prunesweep.spark.Sensitivity}, which hand a session's runner
 * to {@link io.prunesweep.sweep.SweepDriver}.
 */
package io.prunesweep.spark;
