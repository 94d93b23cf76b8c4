package io.prunesweep.spark;

import io.prunesweep.bench.SweepRunner;
import io.prunesweep.bench.Workbench;
import io.prunesweep.results.ResultRow;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/**
 * CPU time per thread group during the timed part of a {@code local[1]} fan-out (session start and stop
 * excluded) and of the plain loop: where Spark's own threads spend the time §2 of RESULTS.md charges to Spark.
 *
 * <pre>
 * OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE java @conf/jvm.options -cp "target/classes:target/test-classes:target/lib/*" \
 *     io.prunesweep.spark.SparkThreadCpuProbe 3 target/probe
 * </pre>
 */
public final class SparkThreadCpuProbe {
    private SparkThreadCpuProbe() {
    }

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Workbench w = new Workbench(Path.of(args.length > 1 ? args[1] : "target/probe"), false, System.out::println);
        Path spec = w.spec("probe", w.baseModel(), 8);
        new Bench().fanOut("local[1]", w.prepare(spec, "warmup"));
        SweepRunner.loop(w.prepare(spec, "warmup-loop"));
        for (int r = 0; r < reps; r++) {
            for (int k = 0; k < 3; k++) {
                boolean spark = (r + k) % 3 == 0;
                boolean fresh = (r + k) % 3 == 1;
                SparkSession s = spark ? Sessions.getOrCreate("probe", "local[1]") : null;
                var prepared = w.prepare(spec, (spark ? "s" : "l") + r);
                try {
                    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                    long p0 = os.getProcessCpuTime();
                    List<String> tasks = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
                    long epoch0 = System.currentTimeMillis();
                    if (s != null) {
                        s.sparkContext().addSparkListener(new org.apache.spark.scheduler.SparkListener() {
                            @Override
                            public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart e) {
                                tasks.add("job start at +" + (e.time() - epoch0) + " ms");
                            }

                            @Override
                            public void onJobEnd(org.apache.spark.scheduler.SparkListenerJobEnd e) {
                                tasks.add("job end at +" + (e.time() - epoch0) + " ms");
                            }

                            @Override
                            public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd e) {
                                var m = e.taskMetrics();
                                var i = e.taskInfo();
                                tasks.add(String.format(Locale.ROOT, "task %d: +%d..+%d ms: launch→finish %d ms, deser %d ms, run %d ms, "
                                        + "cpu %d ms, gc %d ms, result ser %d ms, result %d B", i.index(),
                                        i.launchTime() - epoch0, i.finishTime() - epoch0, i.finishTime() - i.launchTime(), m.executorDeserializeTime(), m.executorRunTime(),
                                        m.executorCpuTime() / 1000000, m.jvmGCTime(), m.resultSerializationTime(),
                                        m.resultSize()));
                            }
                        });
                    }
                    Map<Long, Long> before = cpu();
                    Map<Long, String> names = new HashMap<>();
                    long t0 = System.nanoTime();
                    List<ResultRow> rows = spark ? SparkSweep.run(s, prepared, l -> { })
                            : fresh ? onFreshThread(prepared) : SweepRunner.loop(prepared).rows();
                    double wall = (System.nanoTime() - t0) / 1e9;
                    tasks.add("returned at +" + (System.currentTimeMillis() - epoch0) + " ms");
                    Map<Long, Long> after = cpu();
                    double process = (os.getProcessCpuTime() - p0) / 1e9;
                    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                    for (var t : mx.getThreadInfo(after.keySet().stream().mapToLong(Long::longValue).toArray())) {
                        if (t != null) {
                            names.put(t.getThreadId(), t.getThreadName().replaceAll("[0-9]+", "#"));
                        }
                    }
                    Map<String, Double> byGroup = new TreeMap<>();
                    after.forEach((id, c) -> byGroup.merge(names.getOrDefault(id, "?"),
                            (c - before.getOrDefault(id, 0L)) / 1e9, Double::sum));
                    byGroup.put("(VM threads: GC, JIT; process minus Java threads)",
                            process - byGroup.values().stream().mapToDouble(Double::doubleValue).sum());
                    double ft = rows.stream().mapToLong(x -> x.measurements().fineTuneMs()).sum() / 1e3;
                    System.out.printf(Locale.ROOT, "%s wall %.2f s, fine-tune %.2f s, rest %.3f s per candidate%n",
                            spark ? "local[1]" : fresh ? "loop on a fresh thread" : "loop", wall, ft, (wall - ft) / rows.size());
                    tasks.forEach(t -> System.out.println("    " + t));
                    System.out.println("    fine-tune ms in candidate order: " + rows.stream()
                            .sorted(java.util.Comparator.comparing(ResultRow::candidateId))
                            .map(x -> x.candidateId().replaceAll(".*@", "") + ":" + x.measurements().fineTuneMs())
                            .toList());
                    byGroup.entrySet().stream().filter(e -> e.getValue() > 0.01)
                            .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                            .forEach(e -> System.out.printf(Locale.ROOT, "    %7.3f s  %s%n", e.getValue(), e.getKey()));
                } finally {
                    if (s != null) {
                        s.stop();
                    }
                }
            }
        }
        System.exit(0);
    }

    private static List<ResultRow> onFreshThread(io.prunesweep.sweep.PreparedSweep p) {
        List<List<ResultRow>> out = new java.util.ArrayList<>();
        Thread t = new Thread(() -> out.add(SweepRunner.loop(p).rows()), "fresh loop");
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return out.get(0);
    }

    private static Map<Long, Long> cpu() {
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
