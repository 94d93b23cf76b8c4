package io.prunesweep.spark;

import io.prunesweep.bench.SweepRunner;
import io.prunesweep.bench.Workbench;
import io.prunesweep.results.ResultRow;
import io.prunesweep.sweep.PreparedSweep;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Where the time RESULTS.md §2 charges to Spark goes. The benchmark's 8 full-data candidates run three ways, in
 * rotating order: a fresh {@code local[1]} session (as the benchmark does), the plain loop on this thread, and the
 * plain loop on a thread started for it (a fresh thread, as a fresh session's executor has). For each run: wall
 * time split into the rows' fine-tune time and the rest, CPU time per thread group over the timed part only
 * (session start and stop excluded; the JVM's own GC and JIT threads as the process's CPU minus its Java threads'),
 * and for Spark each task's metrics with its launch and finish relative to the call.
 *
 * <pre>
 * OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE java @conf/jvm.options -cp "target/classes:target/test-classes:target/lib/*" \
 *     io.prunesweep.spark.SparkThreadCpuProbe 3 target/probe
 * </pre>
 */
public final class SparkThreadCpuProbe {
    private enum Way { SPARK, LOOP, FRESH_THREAD_LOOP }

    private SparkThreadCpuProbe() {
    }

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Workbench w = new Workbench(Path.of(args.length > 1 ? args[1] : "target/probe"), false, System.out::println);
        Path spec = w.spec("probe", w.baseModel(), 8);
        new Bench().fanOut("local[1]", w.prepare(spec, "warmup"));
        SweepRunner.loop(w.prepare(spec, "warmup-loop"));
        Way[] ways = Way.values();
        for (int r = 0; r < reps; r++) {
            for (int k = 0; k < ways.length; k++) {
                Way way = ways[(r + k) % ways.length];
                // each run its own output directory, or a later one would resume the finished candidates
                run(way, w.prepare(spec, way.name().toLowerCase(Locale.ROOT) + "-" + r));
            }
        }
        System.exit(0);
    }

    private static void run(Way way, PreparedSweep prepared) {
        SparkSession session = way == Way.SPARK ? Sessions.getOrCreate("probe", "local[1]") : null;
        try {
            long epoch0 = System.currentTimeMillis();
            List<String> events = Collections.synchronizedList(new ArrayList<>());
            if (session != null) {
                session.sparkContext().addSparkListener(new Timeline(epoch0, events));
            }
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long process0 = os.getProcessCpuTime();
            Map<Long, Long> before = threadCpu();
            long[] stat0 = procStat();
            double[] freshCpu = {0};
            long t0 = System.nanoTime();
            List<ResultRow> rows = switch (way) {
                case SPARK -> SparkSweep.run(session, prepared, l -> { });
                case LOOP -> SweepRunner.loop(prepared).rows();
                case FRESH_THREAD_LOOP -> onFreshThread(prepared, freshCpu);
            };
            double wall = (System.nanoTime() - t0) / 1e9;
            Map<String, Double> byGroup = cpuByGroup(before, threadCpu());
            long[] stat1 = procStat();
            if (way == Way.FRESH_THREAD_LOOP) {
                // the thread has ended by now, so it reported its own CPU time
                byGroup.put("fresh loop", freshCpu[0]);
            }
            byGroup.put("(JVM's own threads: GC, JIT)", (os.getProcessCpuTime() - process0) / 1e9
                    - byGroup.values().stream().mapToDouble(Double::doubleValue).sum());
            double fineTune = rows.stream().mapToLong(x -> x.measurements().fineTuneMs()).sum() / 1e3;
            System.out.printf(Locale.ROOT, "%s: wall %.2f s, fine-tune %.2f s, rest %.3f s per candidate%n", way, wall,
                    fineTune, (wall - fineTune) / rows.size());
            System.out.printf(Locale.ROOT, "    process: %d minor page faults, %.2f s user, %.2f s system CPU%n",
                    stat1[0] - stat0[0], (stat1[1] - stat0[1]) / 100.0, (stat1[2] - stat0[2]) / 100.0);
            byGroup.entrySet().stream().filter(e -> e.getValue() > 0.01)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(e -> System.out.printf(Locale.ROOT, "    %7.3f s CPU  %s%n", e.getValue(), e.getKey()));
            events.forEach(e -> System.out.println("    " + e));
            System.out.println("    fine-tune ms by candidate: " + rows.stream()
                    .sorted(Comparator.comparing(ResultRow::candidateId))
                    .map(x -> x.measurements().fineTuneMs()).toList());
        } finally {
            if (session != null) {
                session.stop();
            }
        }
    }

    /** Spark's job and task events, times relative to the call. */
    private static final class Timeline extends SparkListener {
        private final long epoch0;
        private final List<String> events;

        Timeline(long epoch0, List<String> events) {
            this.epoch0 = epoch0;
            this.events = events;
        }

        @Override
        public void onJobStart(SparkListenerJobStart e) {
            events.add("job start at +" + (e.time() - epoch0) + " ms");
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd e) {
            events.add("job end at +" + (e.time() - epoch0) + " ms");
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd e) {
            var m = e.taskMetrics();
            var i = e.taskInfo();
            events.add(String.format(Locale.ROOT, "task %d: +%d..+%d ms, deserialise %d ms, run %d ms, CPU %d ms, GC %d ms, "
                            + "result serialise %d ms, result %d B", i.index(), i.launchTime() - epoch0,
                    i.finishTime() - epoch0, m.executorDeserializeTime(), m.executorRunTime(),
                    m.executorCpuTime() / 1_000_000, m.jvmGCTime(), m.resultSerializationTime(), m.resultSize()));
        }
    }

    /** The loop on a new thread; {@code cpu[0]} receives that thread's CPU seconds. */
    private static List<ResultRow> onFreshThread(PreparedSweep p, double[] cpu) {
        List<ResultRow> out = new ArrayList<>();
        Thread t = new Thread(() -> {
            out.addAll(SweepRunner.loop(p).rows());
            cpu[0] = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9;
        }, "fresh loop");
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** CPU seconds per thread-name group (digits folded) between two snapshots; threads born in between count from 0. */
    private static Map<String, Double> cpuByGroup(Map<Long, Long> before, Map<Long, Long> after) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, String> names = new HashMap<>();
        for (var t : mx.getThreadInfo(after.keySet().stream().mapToLong(Long::longValue).toArray())) {
            if (t != null) {
                names.put(t.getThreadId(), t.getThreadName().replaceAll("[0-9]+", "#"));
            }
        }
        Map<String, Double> byGroup = new TreeMap<>();
        after.forEach((id, c) -> byGroup.merge(names.getOrDefault(id, "?"), (c - before.getOrDefault(id, 0L)) / 1e9,
                Double::sum));
        return byGroup;
    }

    /**
     * The process's minor page faults and user and system CPU in clock ticks (Linux {@code /proc/self/stat} fields 10,
     * 14 and 15): a thread whose allocator hands memory back to the kernel and takes it again faults on every page.
     */
    private static long[] procStat() {
        try {
            String s = java.nio.file.Files.readString(Path.of("/proc/self/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (state)
            return new long[] {Long.parseLong(f[7]), Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<Long, Long> threadCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, Long> m = new HashMap<>();
        for (long id : mx.getAllThreadIds()) {
            long c = mx.getThreadCpuTime(id);
            if (c >= 0) {
                m.put(id, c);
            }
        }
        return m;
    }
}
