/**
 * A sweep without Spark: its order of work ({@link io.prunesweep.sweep.SweepDriver}), which calls a
 * {@link io.prunesweep.sweep.CandidateRunner} to run candidates and sensitivity cells (in process:
 * {@link io.prunesweep.sweep.LocalRunner}); driver-side preparation ({@link io.prunesweep.sweep.SweepSetup}), the
 * per-candidate job that executors run ({@link io.prunesweep.sweep.CandidateJob}) and the pruning sequence it shares
 * with the sensitivity cells and {@code prunesweep prune} ({@link io.prunesweep.sweep.PruningRecipe}), the
 * directory lock and history of scheduled runs, and aggregation into the front and report ({@link io.prunesweep.sweep.SweepFinisher}).
 * Results and their store live in {@code results}. The {@code spark} package only fans this work out.
 */
package io.prunesweep.sweep;
