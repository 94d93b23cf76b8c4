package io.prunesweep.spec;

/** How a pruning criterion scores the weights or structures it may remove. */
public enum CriterionKind {
    /** Absolute weight value. */
    MAGNITUDE("magnitude"),
    /** Uniformly random scores; the baseline every criterion must beat. */
    RANDOM("random"),
    /** L1 norm of a structure's weights. */
    L1("l1"),
    /** L2 norm of a structure's weights. */
    L2("l2"),
    /** First-order Taylor estimate of the loss change, from gradients. */
    TAYLOR("taylor"),
    /**
     * The batch-norm scale |γ| of a channel or neuron (Liu et al. 2017, "Network Slimming"); only for neuron or
     * channel pruning of units that pass through a batch norm.
     */
    BN("bn");

    private final String id;

    CriterionKind(String id) {
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
    public static CriterionKind parse(String text) {
        return Vocabulary.parse(values(), CriterionKind::id, "criterion", text);
    }

    /** The allowed ids, comma separated, for error messages. */
    public static String allowedIds() {
        return Vocabulary.allowed(values(), CriterionKind::id);
    }
}
