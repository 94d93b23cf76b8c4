/**
 * The only package that imports Spark: session set-up with Kryo registration required, the fan-out of
 * candidates over executors ({@link io.prunesweep.spark.SparkSweep}), the results DataFrame/Parquet, and
 * the public entry points {@link io.prunesweep.spark.SweepApp} (which also runs successive-halving rungs as
 * separate jobs) and {@link io.prunesweep.spark.Sensitivity} (per-layer sensitivity, one task per
 * (layer, ratio); run first by sweeps with budget candidates).
 */
package io.prunesweep.spark;
