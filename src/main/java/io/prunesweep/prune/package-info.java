/**
 * The pruning core, in three pieces: a {@link io.prunesweep.prune.Criterion} scores units, the
 * {@link io.prunesweep.prune.Pruner} selects which to remove and returns a {@link io.prunesweep.prune.PrunePlan}
 * of masks, and the {@link io.prunesweep.prune.Surgeon} rewrites the network physically for neuron and channel
 * pruning. Masks are held through training by {@link io.prunesweep.prune.MaskEnforcer}, as one multiply over the
 * flat parameter vector ({@link io.prunesweep.prune.FlatMask}).
 * {@link io.prunesweep.prune.Schedules} turns a target into a sparsity sequence (one-shot, iterative,
 * gradual, lottery) and {@link io.prunesweep.prune.ScheduledPruning} runs it with the fine-tune budget;
 * {@link io.prunesweep.prune.WeightGroups} defines the N:M groups and blocks. No Spark here.
 */
package io.prunesweep.prune;
