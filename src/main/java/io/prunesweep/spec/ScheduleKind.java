package io.prunesweep.spec;

/** When pruning happens relative to fine-tuning; new schedules are added as constants. */
public enum ScheduleKind {
    /** Prune once to the target sparsity, then fine-tune. */
    ONE_SHOT("one-shot"),
    /** Han et al. 2015: {@code rounds} rounds of (prune to s_i, fine-tune), 1−s_i = (1−target)^(i/rounds). */
    ITERATIVE("iterative"),
    /** Zhu &amp; Gupta 2017: cubic sparsity ramp, mask re-planned every Δt iterations during fine-tuning. */
    GRADUAL("gradual"),
    /** Frankle &amp; Carbin 2019: iterative magnitude pruning, survivors rewound to the initial weights each round. */
    LOTTERY("lottery"),
    /** Control for {@link #LOTTERY}: the same masks, survivors re-initialised randomly before the last retraining. */
    LOTTERY_REINIT("lottery-reinit");

    private final String id;

    ScheduleKind(String id) {
        this.id = id;
    }

    /** Whether {@code space.rounds} applies (iterative and lottery schedules); others record rounds = 1. */
    public boolean usesRounds() {
        return this == ITERATIVE || this == LOTTERY || this == LOTTERY_REINIT;
    }

    /** Whether the schedule needs the base model's initial weights (lottery schedules). */
    public boolean needsInitialWeights() {
        return this == LOTTERY || this == LOTTERY_REINIT;
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
