/**
 * The sweep specification: the pruning vocabulary (criteria, granularities, scopes, schedules), the
 * validated records a sweep is described by, candidate identity, and the YAML loader.
 *
 * <p>JDK only, plus Jackson for reading YAML in {@link io.prunesweep.spec.SpecLoader}: the
 * vocabulary enums are shared with the pruning code and the records are shipped to Spark executors,
 * so they are plain {@link java.io.Serializable} values with no framework types.
 */
package io.prunesweep.spec;
