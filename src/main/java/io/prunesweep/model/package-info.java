/**
 * Base models: both DL4J network kinds behind one small abstraction ({@link io.prunesweep.model.Net}: named
 * parameter arrays, forward pass, fit, the layer graph), the zoo ({@link io.prunesweep.model.ModelZoo}), training ({@link io.prunesweep.model.Trainer}),
 * storage with a provenance sidecar ({@link io.prunesweep.model.ModelStore}), Keras HDF5 import
 * ({@link io.prunesweep.model.KerasImport}), and DL4J configurations computed by faster code of their own: the
 * convolution through libnd4j's native ops ({@link io.prunesweep.model.FastConv2D}), the dense layer through
 * direct BLAS calls that keep the pre-activation for backprop ({@link io.prunesweep.model.FastDense}), the output
 * layer computing its training pre-output once ({@link io.prunesweep.model.FastOutput}, bit for bit DL4J's) and Adam
 * in one vectorised pass ({@link io.prunesweep.model.FastAdam}); each is a subclass of DL4J's configuration with the
 * same parameters and arithmetic, proven equal to DL4J's within float rounding by its test. Training through
 * {@link io.prunesweep.model.Net#fit} skips the first layer's input gradient, which DL4J computes and discards
 * ({@code InputGradient}). {@link io.prunesweep.model.NativeMemory} keeps native memory bounded (ND4J's detached arrays
 * are freed only by a collection) now that JavaCPP's per-allocation check is off. No Spark here.
 */
package io.prunesweep.model;
