package io.prunesweep.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.results.ResultRow;
import io.prunesweep.results.ResultStore;
import io.prunesweep.spec.Candidate;
import io.prunesweep.spec.SpecLoader;
import io.prunesweep.spec.SweepSpec;
import io.prunesweep.sweep.CandidateJob;
import io.prunesweep.sweep.PreparedSweep;
import io.prunesweep.sweep.SweepException;
import io.prunesweep.sweep.SweepSetup;
import io.prunesweep.sweep.TransientFailure;
import io.prunesweep.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.Success$;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure of where a candidate ran is retried by Spark and never recorded as the candidate's result; a
 * deterministic failure is (see {@code ResumeAndFailureTest#aDivergingCandidateBecomesOneFailedRowAndTheRestFinish}).
 * The session is {@code local[2,3]}: Spark tries a task three times, as {@code spark.task.maxFailures} does on a
 * cluster ({@code local[2]} would try once).
 */
class TransientFailureRetryTest {
    private static final int TRIES = 3;
    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        Prerequisites.requireFashionMnist();
        spark = Sessions.getOrCreate("prunesweep-retry-test", "local[2," + TRIES + "]");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** Attempt numbers of failed tasks, in the order Spark reports them. */
    private static List<Integer> failedAttempts(Runnable body) throws java.util.concurrent.TimeoutException {
        List<Integer> failed = Collections.synchronizedList(new ArrayList<>());
        SparkListener l = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.reason() != Success$.MODULE$) {
                    failed.add(end.taskInfo().attemptNumber());
                }
            }
        };
        spark.sparkContext().addSparkListener(l);
        try {
            body.run();
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark.sparkContext().removeSparkListener(l);
        }
        return List.copyOf(failed);
    }

    private PreparedSweep prepare(Path spec, Path out) {
        SweepSpec s = SpecLoader.load(spec);
        return SweepSetup.prepare(s, spec, out, 1, line -> { });
    }

    @Test
    void anIoFailureIsRetriedWritesNoRowAndTheNextRunRunsTheCandidate() throws Exception {
        Path out = tmp.resolve("out");
        Path one = TinySweep.spec(tmp, "transient", List.of("magnitude"), List.of("element"), List.of(0.8),
                List.of(0.001));
        SweepApp.run(spark, one, out, false, line -> { });
        ResultStore store = new ResultStore(out);
        String finished = store.doneIds().iterator().next();
        byte[] finishedBytes = Files.readAllBytes(store.resultsDir().localPath().resolve(finished + ".json"));

        Path two = TinySweep.spec(tmp, "transient", List.of("magnitude"), List.of("element"), List.of(0.5, 0.8),
                List.of(0.001));
        Candidate blocked = prepare(two, out).pending().get(0);
        // a non-empty directory where the candidate's model goes: saving it fails with an I/O error, even as root
        Path blocker = store.candidatesDir().localPath().resolve(blocked.id() + ".zip");
        Files.createDirectories(blocker.resolve("in-the-way"));

        List<String> log = new ArrayList<>();
        SweepException[] thrown = new SweepException[1];
        List<Integer> attempts = failedAttempts(() -> thrown[0] = assertThrows(SweepException.class,
                () -> SweepApp.run(spark, two, out, false, log::add)));
        assertEquals(List.of(0, 1, 2), attempts, "the task was tried " + TRIES + " times");
        String m = thrown[0].getMessage();
        assertEquals(1, thrown[0].exitCode(), m);
        assertTrue(m.startsWith("Spark gave up on a task (") && m.contains("failed " + TRIES + " times"), m);
        assertTrue(m.contains("candidate " + blocked.id()) && m.contains("no result was written for it"), m);
        assertFalse(store.doneIds().contains(blocked.id()), "not recorded as failed");
        assertArrayEquals(finishedBytes, Files.readAllBytes(store.resultsDir().localPath().resolve(finished + ".json")),
                "the finished row is untouched");

        Files.delete(blocker.resolve("in-the-way"));
        Files.delete(blocker);
        log.clear();
        SweepApp.run(spark, two, out, false, log::add);
        assertTrue(log.stream().anyMatch(l -> l.contains("2 candidates, 1 already done, 1 to run")), log.toString());
        ResultRow row = store.read(blocked.id());
        assertTrue(row.ok(), row.error());
    }

    @Test
    void anExecutorWhoseDataDifferIsRetriedAndWritesNoRow() throws Exception {
        Path out = tmp.resolve("out");
        Path spec = TinySweep.spec(tmp, "fingerprint", List.of("magnitude"), List.of("element"), List.of(0.5),
                List.of(0.001));
        PreparedSweep p = prepare(spec, out);
        Candidate c = p.pending().get(0);
        // the job expects other data than the executors read: what an executor with other files would see
        CandidateJob job = new CandidateJob(p.data(), io.prunesweep.storage.StoragePath.local(out), p.input(), p.base().net().numParams(),
                p.spec().specHash(), p.base().fingerprint(), "f".repeat(64), 1, p.spec().seed());

        TransientFailure direct = assertThrows(TransientFailure.class,
                () -> job.run(c, p.base().bytes(), "exec-7", 0));
        assertTrue(direct.getMessage().contains("candidate " + c.id()) && direct.getMessage().contains("fingerprint"),
                direct.getMessage());

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<byte[]> model = jsc.broadcast(p.base().bytes());
        try {
            List<Integer> attempts = failedAttempts(() -> assertThrows(Exception.class,
                    () -> jsc.parallelize(List.of(c), 1).map(new RunCandidate(job, model, null, null)).collect()));
            assertEquals(List.of(0, 1, 2), attempts);
        } finally {
            model.destroy();
        }
        assertFalse(p.store().doneIds().contains(c.id()), "no failed row for a transient failure");
    }
}
