/**
 * What a sweep produced and where it is kept: one candidate's result ({@link io.prunesweep.results.ResultRow}),
 * one sensitivity cell ({@link io.prunesweep.results.SensitivityRow}), a finished sweep
 * ({@link io.prunesweep.results.SweepOutcome}) and the atomic per-candidate store that makes sweeps
 * resumable ({@link io.prunesweep.results.ResultStore}).
 *
 * <p>Both {@code sweep}, which writes results, and {@code report}, which renders them, depend on this
 * package; it depends on neither, and never on Spark.
 */
package io.prunesweep.results;
