package io.prunesweep.spec;

/** When pruning happens relative to fine-tuning; new schedules are added as constants. */
public enum ScheduleKind {
    /** Prune once to the target sparsity, then fine-tune. */
    ONE_SHOT("one-shot");

    private final String id;

    ScheduleKind(String id) {
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
    public static ScheduleKind parse(String text) {
        return Vocabulary.parse(values(), ScheduleKind::id, "schedule", text);
    }

    /** The allowed ids, comma separated, for error messages. */
    public static String allowedIds() {
        return Vocabulary.allowed(values(), ScheduleKind::id);
    }
}
