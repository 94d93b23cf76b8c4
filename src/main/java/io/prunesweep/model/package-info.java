/**
 * Base models: both DL4J network kinds behind one small abstraction ({@link io.prunesweep.model.Net}: named
 * parameter arrays, forward pass, fit, the layer graph), the zoo ({@link io.prunesweep.model.ModelZoo}), training ({@link io.prunesweep.model.Trainer}),
 * storage with a provenance sidecar ({@link io.prunesweep.model.ModelStore}), Keras HDF5 import
 * ({@link io.prunesweep.model.KerasImport}) and the convolution layer that
 * runs through libnd4j's native ops ({@link io.prunesweep.model.FastConv2D}). No Spark here.
 */
package io.prunesweep.model;
