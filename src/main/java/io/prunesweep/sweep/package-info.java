/**
 * A sweep without Spark: driver-side preparation ({@link io.prunesweep.sweep.SweepSetup}), the per-candidate
 * job that executors run ({@link io.prunesweep.sweep.CandidateJob}), the directory lock and history of
 * scheduled runs, and aggregation into the front and report ({@link io.prunesweep.sweep.SweepFinisher}).
 * Results and their store live in {@code results}. The {@code spark} package only fans this work out.
 */
package io.prunesweep.sweep;
