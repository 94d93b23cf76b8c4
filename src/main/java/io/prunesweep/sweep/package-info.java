/**
 * A sweep without Spark: driver-side preparation ({@link io.prunesweep.sweep.SweepSetup}), the per-candidate
 * job that executors run ({@link io.prunesweep.sweep.CandidateJob}), the atomic per-candidate result store
 * that makes sweeps resumable ({@link io.prunesweep.sweep.ResultStore}), the directory lock and history of
 * scheduled runs, and aggregation into the front and report ({@link io.prunesweep.sweep.SweepFinisher}).
 * The {@code spark} package only fans this work out.
 */
package io.prunesweep.sweep;
