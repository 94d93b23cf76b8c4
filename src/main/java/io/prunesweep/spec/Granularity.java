package io.prunesweep.spec;

/** What a single pruning decision removes. */
public enum Granularity {
    /** Individual weights (unstructured sparsity). */
    ELEMENT("element"),
    /** Whole output units of a dense layer. */
    NEURON("neuron"),
    /** Whole output channels of a convolution layer. */
    CHANNEL("channel");

    private final String id;

    Granularity(String id) {
        this.id = id;
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
