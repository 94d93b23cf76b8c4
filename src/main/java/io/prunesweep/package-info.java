/**
 * prunesweep: a distributed pruning-search engine on Apache Spark and Deeplearning4j.
 *
 * <p>Dependency direction: {@code spec}, {@code pareto} use only the JDK (plus Jackson for parsing);
 * {@code data}, {@code model}, {@code prune}, {@code eval} and {@code sweep} use DL4J but never Spark;
 * only {@code spark} imports Spark; {@code storage} (plain paths and Hadoop file-system URIs) uses only the JDK
 * and Hadoop's client, and any package may use it.
 */
package io.prunesweep;
