/**
 * Which parameters move together when a unit (a neuron or a channel) is removed, read from a DL4J network
 * configuration rather than from layer names: {@link io.prunesweep.graph.DependencyGraph} groups the units of
 * a {@code MultiLayerConfiguration} or {@code ComputationGraphConfiguration} into
 * {@link io.prunesweep.graph.UnitGroup}s, each listing every parameter slice ({@link io.prunesweep.graph.Member})
 * that must go with one of its units, and says which groups cannot be pruned and why. DL4J only; it knows
 * nothing of sweeps or Spark.
 */
package io.prunesweep.graph;
