/**
 * What prunesweep measures for every candidate, in one vocabulary: the {@link io.prunesweep.metric.Metric}s a
 * sweep may trade off or bound (each with its spec name and direction) and the
 * {@link io.prunesweep.metric.Measurements} they are read from.
 *
 * <p>Plain values (JDK only, plus the {@link io.prunesweep.pareto.Direction} of each metric): the spec, the
 * Pareto code, the result records and the reports all name metrics through this package, so a metric's name,
 * direction and value are defined once.
 */
package io.prunesweep.metric;
