/**
 * The sweep specification: the pruning vocabulary (criteria, granularities, scopes, schedules), the
 * validated records a sweep is described by, candidate identity, and the YAML loader.
 *
 * <p>Each record of a spec section declares its keys and defaults and validates its values once, in its
 * compact constructor, throwing a {@link io.prunesweep.spec.SpecViolation} that names the field and value;
 * the {@code space} section is grouped by meaning (method, target, schedule, fine-tune, caps). The loader
 * only walks the tree ({@link io.prunesweep.spec.Section}) and places each problem at its key path.
 *
 * <p>JDK only, plus Jackson for reading YAML in {@link io.prunesweep.spec.SpecLoader}: the
 * vocabulary enums are shared with the pruning code and the records are shipped to Spark executors,
 * so they are plain {@link java.io.Serializable} values with no framework types.
 */
package io.prunesweep.spec;
