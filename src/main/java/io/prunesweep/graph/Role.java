package io.prunesweep.graph;

/** What a parameter slice is to the unit it moves with. */
public enum Role {
    /** The unit's own weights and bias in the layer that computes it (a dense column, a conv filter). */
    OUTPUT,
    /** The weights of a later layer that read the unit (dense rows, conv input channels). */
    INPUT,
    /** Per-channel batch-normalisation values: gamma, beta, running mean and variance. */
    NORM,
    /** A depthwise filter (and its bias) that reads exactly this unit's channel. */
    DEPTHWISE
}
