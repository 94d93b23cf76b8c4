/**
 * The only package that imports Spark: session set-up with Kryo registration required, the fan-out of
 * candidates over executors ({@link io.prunesweep.spark.SparkSweep}), the results DataFrame/Parquet, and
 * the public entry point {@link io.prunesweep.spark.SweepApp}.
 */
package io.prunesweep.spark;
