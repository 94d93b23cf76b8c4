/**
 * Base models: the zoo ({@link io.prunesweep.model.ModelZoo}), training ({@link io.prunesweep.model.Trainer})
 * and storage with a provenance sidecar ({@link io.prunesweep.model.ModelStore}). No Spark here.
 */
package io.prunesweep.model;
