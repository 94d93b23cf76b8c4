package io.prunesweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.testing.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs jobs/scheduled-sweep.sh as cron would (a separate process, through jobs/prunesweep, on a local
 * master), with the test's classpath standing in for the built jar.
 */
class ScheduledSweepScriptTest {
    private static final Path SCRIPT = Path.of("jobs/scheduled-sweep.sh").toAbsolutePath();

    @BeforeAll
    static void needsData() {
        Prerequisites.requireFashionMnist();
    }

    record Run(int exit, String output) {
    }

    private static Process start(Path spec, Path out, Path log) throws IOException {
        return start(spec.toString(), out.toString(), log);
    }

    private static Process start(String spec, String out, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString(), "--spec", spec, "--out", out, "--master",
                "local[2]");
        pb.environment().put("PRUNESWEEP_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("JAVA_OPTS", "-Xmx2g");
        return pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static Run run(Path spec, Path out, Path log) throws Exception {
        Process p = start(spec, out, log);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "scheduled run finished");
        return new Run(p.exitValue(), Files.readString(log));
    }

    private static Path spec(Path dir, String sparsities, int epochs) throws IOException {
        Path f = dir.resolve("nightly-" + sparsities.replaceAll("[^0-9]", "") + ".yaml");
        Files.writeString(f, """
                name: nightly
                seed: 3
                model: {zoo: mlp, epochs: 1, batchSize: 64}
                data: {format: idx, dir: /usr/share/datasets/fashion-mnist, validation: 300, trainLimit: 2000, testLimit: 300}
                space:
                  criterion: [magnitude]
                  granularity: [element]
                  sparsity: [%s]
                  fineTuneEpochs: [%d]
                objectives: [val_accuracy, nonzero_params]
                """.formatted(sparsities, epochs));
        return f;
    }

    private static Map<String, byte[]> results(Path out) throws IOException {
        Map<String, byte[]> m = new HashMap<>();
        try (var s = Files.list(out.resolve("results"))) {
            for (Path p : s.toList()) {
                m.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    private static long historyEntries(Path out) throws IOException {
        try (var s = Files.list(out.resolve("history"))) {
            return s.filter(Files::isDirectory).count();
        }
    }

    @Test
    void resumesDoesNothingTwiceRunsOnlyNewCandidatesAndKeepsHistory(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Run first = run(spec(dir, "0.5, 0.8", 1), out, dir.resolve("1.log"));
        assertEquals(0, first.exit(), first.output());
        assertTrue(first.output().contains("2 candidates, 0 already done, 2 to run"), first.output());
        Map<String, byte[]> before = results(out);
        assertEquals(2, before.size());

        Run second = run(spec(dir, "0.5, 0.8", 1), out, dir.resolve("2.log"));
        assertEquals(0, second.exit(), second.output());
        assertTrue(second.output().contains("nothing to run"), second.output());
        Map<String, byte[]> same = results(out);
        assertEquals(before.keySet(), same.keySet());
        before.forEach((k, v) -> assertTrue(java.util.Arrays.equals(v, same.get(k)), k + " rewritten"));

        Run third = run(spec(dir, "0.5, 0.8, 0.9", 1), out, dir.resolve("3.log"));
        assertEquals(0, third.exit(), third.output());
        assertTrue(third.output().contains("3 candidates, 2 already done, 1 to run"), third.output());
        assertEquals(3, results(out).size());
        assertEquals(3, historyEntries(out));
        List<String> index = Files.readAllLines(out.resolve("history/index.csv"), StandardCharsets.UTF_8);
        assertEquals(4, index.size(), "header + one line per run: " + index);
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
    }

    @Test
    void withFileUrisForSpecAndOutputItLocksResumesAndKeepsHistory(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        String outUri = out.toUri().toString();
        assertTrue(outUri.startsWith("file:"), outUri);
        Process p = start(spec(dir, "0.5", 1).toUri().toString(), outUri, dir.resolve("1.log"));
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "scheduled run finished");
        String first = Files.readString(dir.resolve("1.log"));
        assertEquals(0, p.exitValue(), first);
        assertTrue(first.contains("1 candidates, 0 already done, 1 to run"), first);
        Map<String, byte[]> before = results(out);

        p = start(spec(dir, "0.5, 0.8", 1).toUri().toString(), outUri, dir.resolve("2.log"));
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "scheduled run finished");
        String second = Files.readString(dir.resolve("2.log"));
        assertEquals(0, p.exitValue(), second);
        assertTrue(second.contains("2 candidates, 1 already done, 1 to run"), second);
        Map<String, byte[]> after = results(out);
        assertEquals(2, after.size());
        before.forEach((k, v) -> assertTrue(java.util.Arrays.equals(v, after.get(k)), k + " rewritten"));
        assertEquals(2, historyEntries(out));
        // (the second run took the lock the first released: on the local disk the lock is an OS lock on .lock)

        // a spec URI of an unknown scheme: exit 2 naming it, nothing run, nothing lost
        p = start("nosuchfs://host/specs/nightly.yaml", outUri, dir.resolve("3.log"));
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "refused run finished");
        String third = Files.readString(dir.resolve("3.log"));
        assertEquals(2, p.exitValue(), third);
        assertTrue(third.contains("nosuchfs://host/specs/nightly.yaml"), third);
        assertEquals(2, results(out).size());
        assertEquals(2, historyEntries(out));
    }

    @Test
    void aSecondConcurrentRunRefusesClearlyAndLeavesResultsIntact(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Path busy = spec(dir, "0.3, 0.5, 0.7, 0.9", 3);
        Process a = start(busy, out, dir.resolve("a.log"));
        try {
            Path lock = out.resolve(".lock");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while ((!Files.exists(lock) || Files.size(lock) == 0) && System.nanoTime() < deadline && a.isAlive()) {
                Thread.sleep(100);
            }
            assertTrue(a.isAlive(), "first run still busy: " + Files.readString(dir.resolve("a.log")));
            Run b = run(busy, out, dir.resolve("b.log"));
            assertEquals(3, b.exit(), b.output());
            assertTrue(b.output().contains("another run of this sweep is in progress"), b.output());
            assertTrue(b.output().contains("skipped"), b.output());
            assertTrue(a.waitFor(5, TimeUnit.MINUTES));
            assertEquals(0, a.exitValue(), Files.readString(dir.resolve("a.log")));
            assertEquals(4, results(out).size(), "the first run finished every candidate");
        } finally {
            a.destroyForcibly();
        }
    }
}
