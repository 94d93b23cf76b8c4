package io.prunesweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.results.ResultStore;
import io.prunesweep.spec.Candidate;
import io.prunesweep.spec.CandidateConfig;
import io.prunesweep.spec.Caps;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.FineTune;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.PruneMethod;
import io.prunesweep.spec.PruneTarget;
import io.prunesweep.spec.Schedule;
import io.prunesweep.spec.ScheduleKind;
import io.prunesweep.spec.Scope;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resume tells which finished results another build wrote and, only when asked, runs them again. The store
 * is the committed v1 fixture (written before results recorded a commit), with some rows re-labelled.
 */
class ResumePlanTest {
    private static final String THIS = "c".repeat(40);
    private static final String OTHER = "a".repeat(40);
    private static final String OK_FROM_OTHER = "8a8eac662f01fbf5";
    private static final String FAILED_FROM_OTHER = "13203690b6e2bb8a";
    private static final String FROM_THIS = "edbdb83c2a92220b";
    private static final String NOT_RECORDED = "f737bc5207b55671";
    private static final CandidateConfig CONFIG = new CandidateConfig(
            new PruneMethod(CriterionKind.MAGNITUDE, Granularity.ELEMENT, Scope.LAYER, null, null),
            new PruneTarget(0.5), new Schedule(ScheduleKind.ONE_SHOT, 1), new FineTune(1, 0.001, 64),
            new Caps(false, 0.99));

    @TempDir
    Path dir;
    private ResultStore store;

    @BeforeEach
    void storeFromAnotherCommit() throws IOException, URISyntaxException {
        Path fixture = Path.of(getClass().getResource("/io/prunesweep/results/v1/results").toURI());
        store = new ResultStore(dir);
        Files.createDirectories(store.resultsDir().localPath());
        try (var files = Files.list(fixture)) {
            for (Path f : files.toList()) {
                Files.copy(f, store.resultsDir().localPath().resolve(f.getFileName()));
            }
        }
        relabel(OK_FROM_OTHER, OTHER);
        relabel(FAILED_FROM_OTHER, OTHER + "+modified");
        relabel(FROM_THIS, THIS);
    }

    private void relabel(String id, String commit) throws IOException {
        Path f = store.resultsDir().localPath().resolve(id + ".json");
        String json = Files.readString(f, StandardCharsets.UTF_8);
        String relabelled = json.replace("prunesweep=dev ", "prunesweep=0.1.0 commit=" + commit + " ");
        assertFalse(json.equals(relabelled), "fixture row " + id + " has no versions line to relabel");
        Files.writeString(f, relabelled, StandardCharsets.UTF_8);
    }

    private static Candidate candidate(String id) {
        return new Candidate(id, 1, CONFIG, "m", "d");
    }

    @Test
    void theWarningGivesTheCountAndEachCommit() {
        ResumePlan o = ResumePlan.scan(store, THIS, false);
        int rows = store.doneIds().size();
        assertEquals(rows - 1, o.otherCodeCount(), "every row but the one this build wrote");
        assertEquals(Map.of(OTHER, 1, OTHER + "+modified", 1, Versions.UNKNOWN, rows - 3), o.countByCommit());
        assertEquals(1, o.messages().size(), o.messages().toString());
        String m = o.messages().get(0);
        assertTrue(m.startsWith("warning: " + (rows - 1) + " finished result(s) came from other code than this build"
                + " (commit " + THIS + ")"), m);
        assertTrue(m.contains("1 from commit " + OTHER + ",") && m.contains("1 from commit " + OTHER + "+modified")
                && m.contains((rows - 3) + " from commit unknown (not recorded)"), m);
        assertTrue(m.contains("reused") && m.contains("--rerun-other-code"), m);
    }

    @Test
    void byDefaultFinishedResultsAreReusedWhateverCodeWroteThem() {
        List<Candidate> stage = List.of(candidate(OK_FROM_OTHER), candidate(FROM_THIS), candidate(NOT_RECORDED),
                candidate("00000000000000aa"));
        List<Candidate> pending = ResumePlan.scan(store, THIS, false).pending(store, stage);
        assertEquals(List.of("00000000000000aa"), pending.stream().map(Candidate::id).toList());
        assertTrue(store.doneIds().contains(OK_FROM_OTHER));
    }

    @Test
    void aResultTheScanReadIsNotReadAgainButOneThisRunWroteIs() throws IOException, URISyntaxException {
        ResumePlan o = ResumePlan.scan(store, THIS, true);
        // the scan has judged FROM_THIS (this code's, a result): pending does not open its file again
        Files.writeString(store.resultsDir().localPath().resolve(FROM_THIS + ".json"), "not json");
        assertEquals(List.of(), o.pending(store, List.of(candidate(FROM_THIS))));

        // OK_FROM_OTHER runs again; once this run has written its new row, a later stage does not run it again
        assertEquals(List.of(OK_FROM_OTHER), o.pending(store, List.of(candidate(OK_FROM_OTHER))).stream()
                .map(Candidate::id).toList());
        Path again = Path.of(getClass().getResource("/io/prunesweep/results/v1/results/" + OK_FROM_OTHER + ".json")
                .toURI());
        Files.copy(again, store.resultsDir().localPath().resolve(OK_FROM_OTHER + ".json"));
        relabel(OK_FROM_OTHER, THIS);
        assertEquals(List.of(), o.pending(store, List.of(candidate(OK_FROM_OTHER))));
    }

    @Test
    void withTheFlagCandidatesFromOtherCodeRunAgainAndOnlyThose() {
        List<Candidate> stage = List.of(candidate(OK_FROM_OTHER), candidate(FAILED_FROM_OTHER), candidate(FROM_THIS),
                candidate(NOT_RECORDED), candidate("00000000000000aa"));
        ResumePlan o = ResumePlan.scan(store, THIS, true);
        assertTrue(o.messages().get(0).contains("--rerun-other-code: they run again"), o.messages().toString());
        int before = store.doneIds().size();
        List<Candidate> pending = o.pending(store, stage);
        assertEquals(List.of(OK_FROM_OTHER, FAILED_FROM_OTHER, NOT_RECORDED, "00000000000000aa"),
                pending.stream().map(Candidate::id).toList());
        assertFalse(store.doneIds().contains(OK_FROM_OTHER), "its old result is gone, so progress waits for the new");
        assertTrue(store.doneIds().contains(FROM_THIS));
        // rows of candidates not in this stage are left alone
        assertEquals(before - 3, store.doneIds().size());
    }

    @Test
    void aFailedRowThatRecordedATransientFailureIsNotAResult() throws IOException {
        String oom = "74f79c3c1a2240fd";
        relabel(oom, THIS);
        Path f = store.resultsDir().localPath().resolve(oom + ".json");
        String json = Files.readString(f, StandardCharsets.UTF_8);
        String diverged = "TrainingDivergedException: fine-tuning diverged: loss is NaN after epoch 1 (learning rate "
                + "1.0E12)";
        assertTrue(json.contains(diverged), json);
        Files.writeString(f, json.replace(diverged, "OutOfMemoryError: Java heap space"), StandardCharsets.UTF_8);

        ResumePlan o = ResumePlan.scan(store, THIS, false);
        assertEquals(java.util.Set.of(oom), o.transientFailures(), "a diverged row is a result, the OOM row is not");
        assertTrue(o.messages().stream().anyMatch(m -> m.startsWith("1 failed row(s) recorded a transient failure")),
                o.messages().toString());
        List<Candidate> pending = o.pending(store, List.of(candidate(oom), candidate(FROM_THIS),
                candidate(FAILED_FROM_OTHER)));
        assertEquals(List.of(oom), pending.stream().map(Candidate::id).toList(),
                "without any flag, only the candidate whose only record is a transient failure runs again");
        assertFalse(store.doneIds().contains(oom));
    }

    @Test
    void aStoreWrittenByThisBuildSaysNothing() throws IOException {
        for (String id : store.doneIds()) {
            if (!id.equals(FROM_THIS)) {
                store.forget(id);
            }
        }
        ResumePlan o = ResumePlan.scan(store, THIS, true);
        assertEquals(0, o.otherCodeCount());
        assertEquals(List.of(), o.messages());
        assertEquals(List.of(), o.pending(store, List.of(candidate(FROM_THIS))));
    }

    @Test
    void theCommitIsReadFromTheVersionsLine() {
        assertEquals(OTHER + "+modified", Versions.commitLabelIn("prunesweep=1 commit=" + OTHER + "+modified dl4j=x"));
        assertEquals(Versions.UNKNOWN, Versions.commitLabelIn("prunesweep=dev dl4j=1.0.0-M2.1 spark=3.5.9"));
        assertEquals(Versions.UNKNOWN, Versions.commitLabelIn(null));
        assertEquals(Versions.current().commitLabel(), Versions.commitLabelIn(Versions.summary()));
    }
}
