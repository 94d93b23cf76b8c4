package io.prunesweep.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.spark.Sessions;
import io.prunesweep.spark.SweepApp;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.SweepOutcome;
import io.prunesweep.testing.Prerequisites;
import io.prunesweep.testing.ResultFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.SparkConf;
import org.apache.spark.Success$;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Fault tolerance on a real Spark standalone cluster (jobs/local-cluster.sh: master + 2 workers of 1 core
 * on loopback, executors in their own JVMs), shared by every test of this class and stopped in
 * {@link #stopAll()} even when a test fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultIT {
    private static final String GRANULARITIES = "element, neuron";
    private static final String SPARSITIES = "0.5, 0.7, 0.9";
    private static final int CANDIDATES = 6;

    private static Path clusterDir;
    private static int port;
    private static SparkSession spark;
    private static Path spec;
    /** The clean in-process run's result files, by candidate id, by column. */
    private static Map<String, Map<String, String>> clean;
    /** Columns every compared row must have at least (today's rows have about 35 reproducible ones). */
    private static final int MIN_COLUMNS = 25;
    private static final List<Process> children = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws IOException {
        Prerequisites.requireFashionMnist();
        Prerequisites.requirePackagedLib(Reliability.HOME);
        Files.createDirectories(Reliability.WORK);
        clusterDir = Reliability.WORK.resolve("cluster");
        port = Reliability.freePort();
        long t0 = System.nanoTime();
        Reliability.run(List.of(Reliability.HOME.resolve("jobs/local-cluster.sh").toString(), "start"), env());
        System.out.printf("cluster up on port %d in %.1f s%n", port, (System.nanoTime() - t0) / 1e9);
        spec = Reliability.spec(Reliability.WORK.resolve("kill-spec.yaml"), "kill", Reliability.baseModel(),
                GRANULARITIES, SPARSITIES, "0.001");
    }

    private static Map<String, String> env() {
        return Map.of("LOCAL_CLUSTER_DIR", clusterDir.toString(), "CLUSTER_PORT", String.valueOf(port),
                "CLUSTER_UI_PORT", String.valueOf(Reliability.freePort()));
    }

    @AfterAll
    static void stopAll() {
        stopSession();
        for (Process p : children) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        if (clusterDir != null) {
            Reliability.run(List.of(Reliability.HOME.resolve("jobs/local-cluster.sh").toString(), "stop"), env());
        }
    }

    private static void stopSession() {
        if (spark != null) {
            spark.stop();
            spark = null;
        }
    }

    private static String master() {
        return "spark://127.0.0.1:" + port;
    }

    /** Settings a driver needs for this cluster (also passed to the CLI child as -D system properties). */
    private static Map<String, String> clusterConf() {
        Map<String, String> m = new HashMap<>();
        m.put("spark.jars", String.join(",", Reliability.appJars()));
        m.put("spark.executor.extraJavaOptions", String.join(" ", Reliability.OPENS));
        m.put("spark.executorEnv.SPARK_SCALA_VERSION", "2.12");
        m.put("spark.executor.memory", "1g");
        m.put("spark.driver.host", "127.0.0.1");
        m.put("spark.driver.bindAddress", "127.0.0.1");
        m.put("spark.ui.enabled", "false");
        m.put("spark.task.maxFailures", "4");
        // start only once both executors are there, so both workers get candidates
        m.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
        m.put("spark.scheduler.maxRegisteredResourcesWaitingTime", "60s");
        return m;
    }

    private static SparkSession session() {
        if (spark == null) {
            SparkConf conf = Sessions.applyDefaults(new SparkConf().setAppName("reliability").setMaster(master()));
            clusterConf().forEach(conf::set);
            spark = SparkSession.builder().config(conf).getOrCreate();
        }
        return spark;
    }

    private static synchronized Map<String, Map<String, String>> clean() {
        if (clean == null) {
            long t0 = System.nanoTime();
            clean = ResultFiles.read(Reliability.cleanRun(spec, Reliability.fresh("clean")));
            System.out.printf("clean in-process run of %d candidates: %.1f s%n", clean.size(),
                    (System.nanoTime() - t0) / 1e9);
        }
        return clean;
    }

    /** Executor JVMs of an application: CoarseGrainedExecutorBackend processes with its app id. */
    private static List<ProcessHandle> executors(String appId, String executorId) {
        return ProcessHandle.allProcesses().filter(h -> {
            String cmd = cmdline(h.pid());
            return cmd.contains("CoarseGrainedExecutorBackend") && cmd.contains(" " + appId + " ")
                    && (executorId == null || cmd.contains("--executor-id " + executorId + " "));
        }).toList();
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline"))).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    @Test
    @Order(1)
    void killingAnExecutorMidTaskLosesTheAttemptAndTheRetryChangesNothing() throws Exception {
        SparkSession s = session();
        String appId = s.sparkContext().applicationId();
        // both workers' executors must be up before the sweep starts, or all tasks land on the first one
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (executors(appId, null).size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(executors(appId, null).size() >= 2, "expected 2 executor JVMs before the sweep");
        TaskLog tasks = new TaskLog();
        s.sparkContext().addSparkListener(tasks);
        try {
            killAnExecutorMidTask(s, appId, tasks);
        } finally {
            s.sparkContext().removeSparkListener(tasks);
        }
    }

    private static void killAnExecutorMidTask(SparkSession s, String appId, TaskLog tasks) throws Exception {
        Path out = Reliability.fresh("executor-kill");
        long t0 = System.nanoTime();
        CompletableFuture<SweepOutcome> run = CompletableFuture.supplyAsync(
                () -> SweepApp.run(s, spec, out, false, line -> System.out.println("[executor-kill] " + line)));
        assertTrue(Reliability.awaitResults(out, 1, 180_000, () -> !run.isDone()), "no result appeared");
        // the victim is an executor the driver saw running a task (launched over a second ago) while tasks are
        // still pending, so the kill loses an attempt; killing an idle executor would prove nothing
        TaskLog.Start running = awaitRunningTask(tasks, run);
        String victimId = running.executor();
        List<ProcessHandle> victims = executors(appId, victimId);
        assertEquals(1, victims.size(), "executor " + victimId + " of " + appId + " not found");
        victims.get(0).destroyForcibly();
        victims.get(0).onExit().get(30, TimeUnit.SECONDS);
        System.out.printf("killed executor %s (pid %d) while it ran task %d (stage %d, index %d), %.1f s into the "
                + "sweep; result files then: %s%n", victimId, victims.get(0).pid(), running.taskId(), running.stage(),
                running.index(), (System.nanoTime() - t0) / 1e9, Reliability.resultFiles(out));

        SweepOutcome o = run.get(300, TimeUnit.SECONDS);
        s.sparkContext().listenerBus().waitUntilEmpty();
        System.out.printf("sweep with a killed executor: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        assertEquals(0, o.failed());
        List<String> files = Reliability.resultFiles(out);
        assertEquals(CANDIDATES, files.size(), "exactly one result file per candidate, no temp files: " + files);

        // Spark's own account: the victim's attempts ended with ExecutorLostFailure, and each lost task index
        // later succeeded on another executor as attempt >= 1
        List<TaskLog.End> lost = tasks.ends().stream()
                .filter(e -> e.executor().equals(victimId) && e.reason() instanceof ExecutorLostFailure).toList();
        tasks.ends().forEach(e -> System.out.println("  task end: " + e));
        // not necessarily the task named above: listener events arrive asynchronously, so it may have finished
        // just before the kill, and then the attempt the scheduler launched next on that executor is the one lost
        assertFalse(lost.isEmpty(), "an attempt on executor " + victimId + " ended with ExecutorLostFailure: " + tasks);
        Set<Integer> retriedIndexes = new TreeSet<>();
        for (TaskLog.End l : lost) {
            assertTrue(tasks.ends().stream().anyMatch(e -> e.stage() == l.stage() && e.index() == l.index()
                            && e.reason() instanceof Success$ && e.attempt() >= 1 && !e.executor().equals(victimId)),
                    "lost task index " + l.index() + " of stage " + l.stage() + " succeeded again elsewhere: " + tasks);
            retriedIndexes.add(l.index());
        }

        // the rows' own account: exactly the retried candidates carry attempt >= 1, from a surviving executor
        Map<String, Map<String, String>> rows = ResultFiles.read(out);
        rows.forEach((id, r) -> System.out.printf("  %s executor %s attempt %s%n", id,
                ResultFiles.column(r, "executorId"), ResultFiles.column(r, "attempt")));
        List<Map<String, String>> retriedRows = rows.values().stream()
                .filter(r -> Integer.parseInt(ResultFiles.column(r, "attempt")) >= 1).toList();
        assertEquals(retriedIndexes.size(), retriedRows.size(),
                "one row with attempt >= 1 per lost task index " + retriedIndexes);
        retriedRows.forEach(r -> assertTrue(!ResultFiles.column(r, "executorId").equals(victimId),
                "a retried row comes from a surviving executor: " + r));

        // and the retry computed exactly what a clean Spark-free run computes: every column but where/when
        ResultFiles.assertSameReproducibleColumns(clean(), rows, MIN_COLUMNS);
    }

    private static TaskLog.Start awaitRunningTask(TaskLog tasks, CompletableFuture<?> run) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!run.isDone() && System.nanoTime() < until) {
            var running = tasks.runningSince(System.currentTimeMillis() - 1000);
            if (running.isPresent()) {
                return running.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no task was running on an executor: " + tasks);
    }

    @Test
    @Order(2)
    void aDeterministicallyFailingCandidateIsRecordedOnceNotRetried() throws Exception {
        Path failSpec = Reliability.spec(Reliability.WORK.resolve("fail-spec.yaml"), "fail", Reliability.baseModel(),
                "element", "0.5", "1e15");
        Path out = Reliability.fresh("diverging");
        SweepOutcome o = SweepApp.run(session(), failSpec, out, false, line -> System.out.println("[fail] " + line));
        assertEquals(1, o.failed());
        assertEquals(1, Reliability.resultFiles(out).size(), Reliability.resultFiles(out).toString());
        ResultRow r = o.all().get(0);
        System.out.println("diverging candidate: ok " + r.ok() + ", attempt " + r.provenance().attempt() + ", error: "
                + r.error());
        assertFalse(r.ok());
        assertEquals(0, r.provenance().attempt(), "failed once, in the first attempt: not retried by Spark");
        assertTrue(r.error().contains("diverged") && r.error().contains("NaN"), r.error());
        Path file = out.resolve("results").resolve(r.candidateId() + ".json");
        byte[] before = Files.readAllBytes(file);
        FileTime mtime = Files.getLastModifiedTime(file);
        SweepApp.run(session(), failSpec, out, false, line -> { });
        assertEquals(1, Reliability.resultFiles(out).size());
        assertEquals(new String(before), Files.readString(file), "a rerun does not retry a failed candidate");
        assertEquals(mtime, Files.getLastModifiedTime(file));
    }

    @Test
    @Order(3)
    void killingTheDriverMidSweepThenRerunningResumes() throws Exception {
        stopSession(); // free the workers' cores for the CLI's own application
        Path out = Reliability.fresh("driver-kill");
        List<String> cmd = new ArrayList<>();
        cmd.add(Reliability.JAVA);
        cmd.add("-Xmx1500m");
        cmd.addAll(Reliability.OPENS);
        clusterConf().forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-Dlog4j2.configurationFile=" + Reliability.HOME.resolve("conf/log4j2.properties"));
        cmd.add("-cp");
        cmd.add(Reliability.appJar() + ":" + Reliability.HOME.resolve("target/lib") + "/*");
        cmd.addAll(List.of("io.prunesweep.cli.Main", "sweep", "--spec", spec.toString(), "--out", out.toString(),
                "--master", master()));
        long t0 = System.nanoTime();
        Process driver = start(cmd, "driver-1");
        assertTrue(Reliability.awaitResults(out, 1, 180_000, driver::isAlive),
                "no result before the driver exited; see " + Reliability.WORK.resolve("driver-1.log"));
        driver.destroyForcibly();
        driver.waitFor(30, TimeUnit.SECONDS);
        Map<String, byte[]> bytes = new HashMap<>();
        Map<String, FileTime> mtimes = new HashMap<>();
        for (String f : Reliability.resultFiles(out)) {
            if (f.endsWith(".json") && !f.startsWith(".")) {
                Path p = out.resolve("results").resolve(f);
                bytes.put(f, Files.readAllBytes(p));
                mtimes.put(f, Files.getLastModifiedTime(p));
            }
        }
        System.out.printf("killed the driver %.1f s in, with %d result file(s): %s%n",
                (System.nanoTime() - t0) / 1e9, bytes.size(), bytes.keySet());
        assertTrue(bytes.size() < CANDIDATES, "the driver was killed before the sweep finished");

        long t1 = System.nanoTime();
        Process rerun = start(cmd, "driver-2");
        assertTrue(rerun.waitFor(300, TimeUnit.SECONDS), "rerun did not finish");
        String log = Files.readString(Reliability.WORK.resolve("driver-2.log"));
        assertEquals(0, rerun.exitValue(), log);
        System.out.printf("rerun finished in %.1f s%n", (System.nanoTime() - t1) / 1e9);
        // executors of the dead driver may still finish a running task and write its result after the
        // snapshot: the rerun must count at least the results seen at kill time as done
        java.util.regex.Matcher done = java.util.regex.Pattern.compile("(\\d+) already done").matcher(log);
        assertTrue(done.find(), log);
        assertTrue(Integer.parseInt(done.group(1)) >= bytes.size(), log);

        List<String> files = Reliability.resultFiles(out);
        assertEquals(CANDIDATES, files.size(), "one file per candidate, no duplicates or temp files: " + files);
        for (String f : bytes.keySet()) {
            Path p = out.resolve("results").resolve(f);
            assertEquals(new String(bytes.get(f)), Files.readString(p), f + " rewritten");
            assertEquals(mtimes.get(f), Files.getLastModifiedTime(p), f + " touched");
        }
        ResultFiles.assertSameReproducibleColumns(clean(), ResultFiles.read(out), MIN_COLUMNS);
    }

    private static Process start(List<String> cmd, String name) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(Reliability.HOME.toFile()).redirectErrorStream(true)
                .redirectOutput(Reliability.WORK.resolve(name + ".log").toFile()).start();
        children.add(p);
        return p;
    }
}
