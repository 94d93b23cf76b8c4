package io.prunesweep.sweep;

import io.prunesweep.results.ResultRow;
import io.prunesweep.results.ResultStore;
import io.prunesweep.spec.Candidate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which finished results a resume reuses, decided in one place for every stage of a sweep.
 *
 * <p>Results that another build of prunesweep wrote (a different commit, or one written before results
 * recorded commits) are reused by default and the resume says so (how many, which commits), so that a
 * scheduled sweep never redoes work after a deployment; with {@code --rerun-other-code} each such candidate
 * runs again when its stage comes up. Code is compared by {@link Versions#commitLabel()}: a build from a
 * modified tree cannot be told apart from another modified build of the same commit.
 *
 * <p>A failed row whose reason an older build recorded for what is now a {@link TransientFailure} (out of
 * memory, I/O, data differing on an executor) is not a result: its candidate always runs again.
 *
 * <p>A plan remembers which results it removed, so it is meant for one run of a sweep (every stage of it).
 *
 * <p>A result is removed only when its candidate is about to run, so an interrupted rerun loses nothing that a
 * later run would not recompute, and rows of candidates that the spec no longer has are left alone.
 */
public final class ResumePlan {
    private final String current;
    private final boolean rerunOtherCode;
    private final Map<String, String> otherCommitById;
    private final Set<String> transientFailures;
    /** Ids of every result the scan read: {@link #pending} judges those from the scan without reading them again. */
    private final Set<String> scanned;
    /** Ids whose result this plan removed so they run again: a row they have now was written by this run. */
    private final Set<String> forgotten = new HashSet<>();

    private ResumePlan(String current, boolean rerunOtherCode, Map<String, String> otherCommitById,
                       Set<String> transientFailures, Set<String> scanned) {
        this.current = current;
        this.rerunOtherCode = rerunOtherCode;
        this.otherCommitById = otherCommitById;
        this.transientFailures = transientFailures;
        this.scanned = scanned;
    }

    /**
     * Reads every result in {@code store}.
     *
     * @param current        the commit label of the running build ({@code Versions.current().commitLabel()})
     * @param rerunOtherCode whether candidates whose result another build wrote run again
     *                       ({@code --rerun-other-code})
     */
    public static ResumePlan scan(ResultStore store, String current, boolean rerunOtherCode) {
        Map<String, String> other = new TreeMap<>();
        Set<String> transients = new TreeSet<>();
        Set<String> scanned = new HashSet<>();
        for (ResultRow r : store.readAll()) {
            scanned.add(r.candidateId());
            String commit = Versions.commitLabelIn(r.provenance().versions());
            if (!commit.equals(current)) {
                other.put(r.candidateId(), commit);
            }
            if (recordsTransientFailure(r)) {
                transients.add(r.candidateId());
            }
        }
        return new ResumePlan(current, rerunOtherCode, other, transients, scanned);
    }

    /** How many results came from other code. */
    public int otherCodeCount() {
        return otherCommitById.size();
    }

    /** Results from other code per commit label, commits in sorted order. */
    public Map<String, Integer> countByCommit() {
        Map<String, Integer> n = new TreeMap<>();
        otherCommitById.values().forEach(c -> n.merge(c, 1, Integer::sum));
        return n;
    }

    /** Ids of failed rows that recorded a transient failure (older builds). */
    public Set<String> transientFailures() {
        return Set.copyOf(transientFailures);
    }

    /** What a resume prints about the store: nothing when every result is this build's and a real result. */
    public List<String> messages() {
        List<String> out = new ArrayList<>();
        if (!otherCommitById.isEmpty()) {
            List<String> parts = new ArrayList<>();
            countByCommit().forEach((c, n) -> parts.add(n + " from commit " + c
                    + (c.equals(Versions.UNKNOWN) ? " (not recorded)" : "")));
            String head = otherCodeCount() + " finished result(s) came from other code than this build (commit "
                    + current + "): " + String.join(", ", parts);
            out.add(rerunOtherCode
                    ? head + "; --rerun-other-code: they run again"
                    : "warning: " + head + "; they are reused as they are (rerun them with --rerun-other-code)");
        }
        if (!transientFailures.isEmpty()) {
            out.add(transientFailures.size() + " failed row(s) recorded a transient failure (out of memory, I/O, "
                    + "data differing on an executor), not a result: those candidates run again");
        }
        return out;
    }

    /**
     * The candidates of a stage that still have to run: those without a result, those whose row recorded a
     * transient failure and, with {@code --rerun-other-code}, those whose result came from other code. A
     * result is removed here, just before its candidate runs, so progress and a later resume see it as not
     * done.
     *
     * <p>A result the scan read is judged by what the scan found, without reading it again (on a remote store
     * each read is a round trip: at 10,000 results this halves the reads before the first task, see
     * docs/RELIABILITY.md). Only a result this run wrote (one the scan did not see, or one of a candidate this
     * plan removed and ran again) is read here.
     */
    public List<Candidate> pending(ResultStore store, List<Candidate> stage) {
        Set<String> done = store.doneIds();
        List<Candidate> pending = new ArrayList<>();
        for (Candidate c : stage) {
            String id = c.id();
            if (!done.contains(id)) {
                pending.add(c);
                continue;
            }
            boolean other;
            boolean transientFailure;
            if (scanned.contains(id) && !forgotten.contains(id)) {
                other = rerunOtherCode && otherCommitById.containsKey(id);
                transientFailure = transientFailures.contains(id);
            } else {
                ResultRow r = store.read(id);
                other = rerunOtherCode && !current.equals(Versions.commitLabelIn(r.provenance().versions()));
                transientFailure = recordsTransientFailure(r);
            }
            if (other || transientFailure) {
                store.forget(id);
                forgotten.add(id);
                pending.add(c);
            }
        }
        return pending;
    }

    private static boolean recordsTransientFailure(ResultRow r) {
        return !r.ok() && TransientFailure.isTransientReason(r.error());
    }
}
