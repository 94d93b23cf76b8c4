/**
 * Multi-objective comparison of sweep candidates: objectives, Pareto dominance, immutable Pareto
 * fronts, non-dominated sorting, exact hypervolume and knee selection.
 *
 * <p>JDK only: the front is a plain value so the driver, the reports and the search strategies can
 * share it without pulling Spark or DL4J onto their classpath.
 */
package io.prunesweep.pareto;
