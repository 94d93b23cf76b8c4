/**
 * Measurements of a (possibly pruned) DL4J network ({@link io.prunesweep.model.Net}, a
 * {@code MultiLayerNetwork} or a {@code ComputationGraph}):
 * parameter and non-zero counts ({@link io.prunesweep.eval.LayerStats}), storage size under dense,
 * sparse and zipped encodings ({@link io.prunesweep.eval.SizeMetrics}), forward-pass FLOPs
 * ({@link io.prunesweep.eval.FlopCounter}), accuracy and loss ({@link io.prunesweep.eval.Evaluator})
 * and inference latency ({@link io.prunesweep.eval.LatencyMeter}); {@link io.prunesweep.eval.ModelMeter} puts
 * them together into the {@code metric} records every result carries, the one way a network is measured.
 *
 * <p>All results are immutable records validated at construction. Nothing here mutates the network
 * it measures. This package uses DL4J/ND4J but never Spark.
 */
package io.prunesweep.eval;
