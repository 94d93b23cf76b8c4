package io.prunesweep.sweep;

import io.prunesweep.results.ResultRow;
import io.prunesweep.results.ResultStore;
import io.prunesweep.spec.Candidate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finished results in a sweep directory that another build of prunesweep wrote (a different commit, or one
 * written before results recorded commits), and what a resume does with them.
 *
 * <p>By default they are reused and the resume says so (how many, which commits), so that a scheduled sweep
 * never redoes work after a deployment; with {@code --rerun-other-code} each such candidate runs again when
 * its stage comes up. Its result is removed only then, just before it runs, so an interrupted rerun loses
 * nothing that a later run would not recompute, and rows of candidates that this spec no longer has are left
 * alone. Code is compared by {@link Versions#commitLabel()}: a build from a modified tree cannot be told
 * apart from another modified build of the same commit.
 */
public final class OtherCodeResults {
    private final String current;
    private final boolean rerun;
    private final Map<String, String> commitById;

    private OtherCodeResults(String current, boolean rerun, Map<String, String> commitById) {
        this.current = current;
        this.rerun = rerun;
        this.commitById = commitById;
    }

    /**
     * Reads every result in {@code store} and keeps those whose recorded commit is not {@code current}.
     *
     * @param current the commit label of the running build ({@code Versions.current().commitLabel()})
     * @param rerun   whether those candidates run again ({@code --rerun-other-code})
     */
    public static OtherCodeResults scan(ResultStore store, String current, boolean rerun) {
        Map<String, String> other = new TreeMap<>();
        for (ResultRow r : store.readAll()) {
            String commit = Versions.commitLabelIn(r.versions());
            if (!commit.equals(current)) {
                other.put(r.candidateId(), commit);
            }
        }
        return new OtherCodeResults(current, rerun, other);
    }

    /** How many results came from other code. */
    public int count() {
        return commitById.size();
    }

    /** Results from other code per commit label, commits in sorted order. */
    public Map<String, Integer> countByCommit() {
        Map<String, Integer> n = new TreeMap<>();
        commitById.values().forEach(c -> n.merge(c, 1, Integer::sum));
        return n;
    }

    /** What a resume prints about them, or empty when every result came from this build. */
    public Optional<String> message() {
        if (commitById.isEmpty()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        countByCommit().forEach((c, n) -> parts.add(n + " from commit " + c
                + (c.equals(Versions.UNKNOWN) ? " (not recorded)" : "")));
        String head = count() + " finished result(s) came from other code than this build (commit " + current
                + "): " + String.join(", ", parts);
        return Optional.of(rerun
                ? head + "; --rerun-other-code: they run again"
                : "warning: " + head + "; they are reused as they are (rerun them with --rerun-other-code)");
    }

    /**
     * The candidates of a stage that still have to run: those without a result and, with
     * {@code --rerun-other-code}, those whose result came from other code (that result is removed here, so
     * progress and a later resume see the candidate as not done).
     */
    public List<Candidate> pending(ResultStore store, List<Candidate> stage) {
        Set<String> done = store.doneIds();
        List<Candidate> pending = new ArrayList<>();
        for (Candidate c : stage) {
            // the file is read again, not looked up in the scan: a result rerun earlier in this run is this code's
            if (rerun && done.contains(c.id()) && !current.equals(Versions.commitLabelIn(store.read(c.id()).versions()))) {
                store.forget(c.id());
                pending.add(c);
            } else if (!done.contains(c.id())) {
                pending.add(c);
            }
        }
        return pending;
    }
}
