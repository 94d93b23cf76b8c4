package io.prunesweep.results;

import java.util.List;

/**
 * What a finished sweep produced.
 *
 * @param all         every result (ok and failed), front members with their test accuracy
 * @param front       the Pareto front, best first objective first
 * @param hypervolume hypervolume of the front against {@code reference}
 * @param reference   text describing the hypervolume reference point
 * @param kneeId      candidate id of the knee point, or null
 */
public record SweepOutcome(List<ResultRow> all, List<ResultRow> front, double hypervolume, String reference,
                           String kneeId) {
    public SweepOutcome {
        all = List.copyOf(all);
        front = List.copyOf(front);
    }

    /** Number of failed candidates. */
    public long failed() {
        return all.stream().filter(r -> !r.ok()).count();
    }
}
