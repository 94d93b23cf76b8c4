package io.prunesweep.spec;

/** Where pruning scores are ranked against each other. */
public enum Scope {
    /** Each layer is pruned to the target sparsity on its own. */
    LAYER("layer"),
    /** Scores compete across all prunable layers at once. */
    GLOBAL("global");

    private final String id;

    Scope(String id) {
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
    public static Scope parse(String text) {
        return Vocabulary.parse(values(), Scope::id, "scope", text);
    }

    /** The allowed ids, comma separated, for error messages. */
    public static String allowedIds() {
        return Vocabulary.allowed(values(), Scope::id);
    }
}
