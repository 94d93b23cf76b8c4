package io.prunesweep.spec;

import java.io.Serializable;
import java.util.List;

/**
 * When a sweep's candidates prune relative to fine-tuning. Read from the {@code space} keys {@code schedule}
 * and {@code rounds}.
 *
 * @param schedules pruning schedules, at least one, no duplicates
 * @param rounds    rounds of the iterative and lottery schedules, &ge; 1 (the others have one)
 */
public record ScheduleSpace(List<ScheduleKind> schedules, int rounds) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Default of {@code space.rounds}. */
    public static final int DEFAULT_ROUNDS = 3;

    public ScheduleSpace {
        schedules = Check.distinct("schedule", schedules);
        Schedule.rounds("rounds", rounds);
    }

    /** The default rounds, 3. */
    public ScheduleSpace(List<ScheduleKind> schedules) {
        this(schedules, DEFAULT_ROUNDS);
    }

    /** The rounds a candidate with this schedule runs: 1 for schedules without rounds, so ids never differ. */
    public int roundsOf(ScheduleKind schedule) {
        return schedule.usesRounds() ? rounds : 1;
    }

    /** Reads its keys of {@code space}: schedule [one-shot], rounds 3. */
    static ScheduleSpace read(Section s) {
        List<ScheduleKind> schedules = s.choices("schedule", List.of(ScheduleKind.ONE_SHOT), ScheduleKind.values(),
                ScheduleKind::id);
        int rounds = s.integer("rounds", DEFAULT_ROUNDS);
        return s.build(() -> new ScheduleSpace(schedules, rounds));
    }
}
