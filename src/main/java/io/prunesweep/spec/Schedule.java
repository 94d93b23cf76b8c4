package io.prunesweep.spec;

import java.io.Serializable;
import java.util.Objects;

/**
 * When one candidate prunes relative to fine-tuning.
 *
 * @param kind   the pruning schedule
 * @param rounds pruning rounds of the iterative and lottery schedules, &ge; 1; exactly 1 for schedules without
 *               rounds (one-shot, gradual), so they never yield duplicate ids
 */
public record Schedule(ScheduleKind kind, int rounds) implements Serializable {

    private static final long serialVersionUID = 1L;

    public Schedule {
        Objects.requireNonNull(kind, "schedule");
        rounds("rounds", rounds);
        Check.that(kind.usesRounds() || rounds == 1, "rounds", rounds,
                "schedule " + kind.id() + " has no rounds; rounds must be 1");
    }

    /** A schedule without rounds, or with one. */
    public Schedule(ScheduleKind kind) {
        this(kind, 1);
    }

    /** The rule for a number of rounds, shared with {@link ScheduleSpace}. */
    static int rounds(String field, int r) {
        Check.that(r >= 1, field, r, "must be >= 1");
        return r;
    }
}
