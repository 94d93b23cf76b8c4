/**
 * What a sweep produced and where it is kept. A candidate's result ({@link io.prunesweep.results.ResultRow})
 * is its configuration ({@link io.prunesweep.results.RunConfig}), an outcome that is either measured or
 * failed ({@link io.prunesweep.results.Outcome}) and its {@link io.prunesweep.results.Provenance}; one
 * sensitivity cell is a {@link io.prunesweep.results.SensitivityRow}, a finished sweep a
 * {@link io.prunesweep.results.SweepOutcome}, and {@link io.prunesweep.results.ResultStore} is the atomic
 * per-candidate store that makes sweeps resumable.
 *
 * <p>A result is flattened in one place, {@link io.prunesweep.results.ResultColumns}, which CSV, Parquet and
 * JSON all use; JSON goes through one mapper with one rule for NaN ({@link io.prunesweep.results.Json}).
 *
 * <p>Both {@code sweep}, which writes results, and {@code report}, which renders them, depend on this
 * package. It depends only on the value packages {@code spec} and {@code metric} and on Jackson: never on
 * Spark or DL4J, so results can be read where neither is installed.
 */
package io.prunesweep.results;
