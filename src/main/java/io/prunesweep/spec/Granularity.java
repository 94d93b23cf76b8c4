package io.prunesweep.spec;

/** What a single pruning decision removes. */
public enum Granularity {
    /** Individual weights (unstructured sparsity). */
    ELEMENT("element"),
    /** Whole output units of a dense layer. */
    NEURON("neuron"),
    /** Whole output channels of a convolution layer. */
    CHANNEL("channel"),
    /** N:M fine-grained structure: N kept in every M consecutive weights along the input dimension (space.nm). */
    NM("nm"),
    /** Rectangular blocks of the weight matrix (space.block), each scored by its aggregate. */
    BLOCK("block");

    private final String id;

    Granularity(String id) {
        this.id = id;
    }

    /**
     * True for neuron and channel: whole units are removed and the {@code Surgeon} can shrink the network.
     * Element, N:M and block granularities mask individual weights of the unchanged architecture.
     */
    public boolean structured() {
        return this == NEURON || this == CHANNEL;
    }

    /** The lower-case spelling used in sweep specs and reports. */
    public String id() {
        return id;
    }

    /**
     * Parses a spec spelling (case-insensitive, surrounding blanks ignored).
     *
     * @throws IllegalArgumentException for an unknown value; the message lists the allowed ids
     */
    public static Granularity parse(String text) {
        return Vocabulary.parse(values(), Granularity::id, "granularity", text);
    }

    /** The allowed ids, comma separated, for error messages. */
    public static String allowedIds() {
        return Vocabulary.allowed(values(), Granularity::id);
    }
}
