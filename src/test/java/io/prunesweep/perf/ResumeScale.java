package io.prunesweep.perf;

import io.prunesweep.results.Json;
import io.prunesweep.results.ResultRow;
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
import io.prunesweep.storage.HadoopSettings;
import io.prunesweep.storage.Storage;
import io.prunesweep.storage.StoragePath;
import io.prunesweep.sweep.ResumePlan;
import io.prunesweep.sweep.Versions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * What the driver's resume costs with many finished results (issue 12, point 9): writes N result files (copies of
 * a committed result, each under its own candidate id) into a sweep directory on local disk and on an in-process
 * MiniDFS, then times what a rerun does before its first task, with the same calls the driver makes:
 * {@code SweepSetup} lists the results, {@code ResumePlan.scan} lists and reads every one, and
 * {@code ResumePlan.pending} lists again and decides what runs (from the scan: it reads only results written
 * during the run); {@code SweepFinisher} reads them all once more after the run. For comparison it writes the same rows as one JSON-lines file (what
 * compacting finished results into one file per sweep would give) and times reading that.
 *
 * <pre>
 * jobs/resume-scale.sh 10000
 * </pre>
 * Arguments: number of results (default 10000), report file (default {@code target/resume-scale.md}).
 */
public final class ResumeScale {
    /** Timed runs per measurement on the local disk; MiniDFS is timed once (a pass over 10,000 files is minutes). */
    private static final int LOCAL_REPEATS = 3;
    /** Writers of the fixture: each HDFS create+close waits for the namenode (about 250 ms here), not for CPU. */
    private static final int WRITERS = 32;

    private ResumeScale() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path report = Path.of(args.length > 1 ? args[1] : "target/resume-scale.md");
        Path work = Path.of("target/resume-scale");
        deleteTree(work);
        Files.createDirectories(work);
        ResultRow template = template();
        List<String> lines = new ArrayList<>();
        lines.add("# Resume cost at " + n + " results");
        lines.add("");
        lines.add("`jobs/resume-scale.sh " + n + "` on " + Runtime.getRuntime().availableProcessors()
                + " cores; local disk: median of " + LOCAL_REPEATS
                + " runs (min–max) after one untimed pass, MiniDFS: one run after one untimed pass; one result file "
                + Json.pretty(template).length + " bytes; results written by " + WRITERS + " threads.");
        lines.add("");
        lines.add("| store | write all (" + WRITERS + " threads) | list | scan (list + read all) | resume before the "
                + "first task (3 lists + 1 read each) | finish (read all) | read one compacted file |");
        lines.add("|---|---|---|---|---|---|---|");
        lines.add(measure("local disk", StoragePath.local(work.resolve("local")), n, template, LOCAL_REPEATS));
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, work.resolve("dfs").toAbsolutePath().toString());
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        try {
            cluster.waitActive();
            Storage hdfs = new Storage(HadoopSettings.of(conf));
            lines.add(measure("MiniDFS (in process, 1 datanode)",
                    StoragePath.of(hdfs, cluster.getURI() + "/sweeps/scale"), n, template, 1));
        } finally {
            cluster.shutdown(); // its threads are not daemons
        }
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.write(report, lines, StandardCharsets.UTF_8);
        lines.forEach(System.out::println);
    }

    /** A committed result of the reference sweep, whose size is that of a real result. */
    private static ResultRow template() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("docs/results/fashion-mlp/results"))) {
            Path first = s.filter(p -> p.toString().endsWith(".json")).sorted().findFirst()
                    .orElseThrow(() -> new IllegalStateException("no result under docs/results/fashion-mlp/results"));
            return Json.read(Files.readAllBytes(first), ResultRow.class);
        }
    }

    private static String measure(String name, StoragePath root, int n, ResultRow template, int repeats)
            throws Exception {
        ResultStore store = new ResultStore(root);
        store.open("scale");
        List<ResultRow> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(new ResultRow(String.format(Locale.ROOT, "%016x", 0x9e3779b97f4a7c15L * (i + 1)),
                    template.config(), template.outcome(), template.provenance()));
        }
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (ResultRow r : rows) {
                writes.add(pool.submit(() -> store.write(r)));
            }
            for (Future<?> f : writes) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        double write = (System.nanoTime() - t0) / 1e9;
        store.readAll(); // warm-up: class loading, JIT, the file system's caches
        String commit = Versions.current().commitLabel();
        String list = time(() -> store.doneIds().size(), n, repeats);
        String scan = time(() -> {
            ResumePlan.scan(store, commit, false);
            return n;
        }, n, repeats);
        // pending() looks at ids only; any configuration does
        CandidateConfig config = new CandidateConfig(new PruneMethod(CriterionKind.MAGNITUDE, Granularity.ELEMENT,
                Scope.LAYER, null, null), new PruneTarget(0.5), new Schedule(ScheduleKind.ONE_SHOT, 1),
                new FineTune(1, 0.001, 64), new Caps(false, 0.99));
        List<Candidate> stage = rows.stream().map(r -> new Candidate(r.candidateId(), 1, config, "m", "d")).toList();
        String resume = time(() -> {
            store.doneIds(); // SweepSetup
            List<Candidate> pending = ResumePlan.scan(store, commit, false).pending(store, stage);
            if (!pending.isEmpty()) {
                throw new IllegalStateException(pending.size() + " finished candidates would run again");
            }
            return stage.size();
        }, n, repeats);
        String finish = time(() -> store.readAll().size(), n, repeats);

        StringBuilder jsonLines = new StringBuilder();
        for (ResultRow r : rows) {
            jsonLines.append(Json.compact(r)).append('\n');
        }
        StoragePath compacted = root.resolve("results-compacted.jsonl");
        compacted.writeString(jsonLines.toString());
        String readCompacted = time(() -> {
            int count = 0;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(compacted.open(),
                    StandardCharsets.UTF_8), 1 << 16)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    Json.read(line, ResultRow.class);
                    count++;
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return count;
        }, n, repeats);
        return "| " + name + " | " + String.format(Locale.ROOT, "%.1f s", write) + " | " + list + " | " + scan + " | "
                + resume + " | " + finish + " | " + readCompacted + " |";
    }

    /** Median (min–max) of {@code repeats} runs of {@code work}, which must touch {@code n} results. */
    private static String time(Supplier<Integer> work, int n, int repeats) {
        double[] s = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            int touched = work.get();
            s[r] = (System.nanoTime() - t0) / 1e9;
            if (touched != n) {
                throw new IllegalStateException("touched " + touched + " results, expected " + n);
            }
        }
        double[] sorted = s.clone();
        Arrays.sort(sorted);
        return repeats == 1 ? String.format(Locale.ROOT, "%.2f s", s[0]) : String.format(Locale.ROOT,
                "%.2f s (%.2f–%.2f)", sorted[repeats / 2], sorted[0], sorted[repeats - 1]);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
