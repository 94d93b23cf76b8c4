/**
 * prunesweep: a distributed pruning-search engine on Apache Spark and Deeplearning4j.
 *
 * <p>Dependency direction: {@code spec}, {@code pareto} use only the JDK (plus Jackson for parsing);
 * {@code data}, {@code model}, {@code prune}, {@code eval} and {@code sweep} use DL4J but never Spark;
 * only {@code spark} imports Spark.
 */
package io.prunesweep;
