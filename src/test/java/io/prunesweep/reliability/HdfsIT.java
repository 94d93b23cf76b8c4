package io.prunesweep.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.sweep.SweepLock;
import io.prunesweep.testing.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A sweep on real HDFS: an in-process {@link MiniDFSCluster} holds the Fashion-MNIST files and the base model,
 * and a CLI driver in its own JVM (embedded {@code local[2]} executors) reads them from {@code hdfs://} and
 * writes every output there. The driver is killed after its first result; a rerun while the dead driver's lock
 * is still fresh is refused (exit 3), one after {@value #STALE_SECONDS} s without heartbeat takes the lock over
 * and finishes. Then there is exactly one result file per candidate, and the results that existed at the kill
 * are byte for byte and modification time for modification time the same.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class HdfsIT {
    private static final int CANDIDATES = 6;
    // the early rerun must reach its lock probe (JVM, Spark session, HDFS client) within this window of the kill:
    // 10 s was too short on a loaded 2-core machine, where it took the lock over instead of being refused
    private static final int STALE_SECONDS = 30;
    private static final List<Process> children = new ArrayList<>();
    private static MiniDFSCluster cluster;
    private static FileSystem fs;
    private static String hdfs;

    @BeforeAll
    static void startHdfs() throws IOException {
        Prerequisites.requireFashionMnist();
        Prerequisites.requirePackagedLib(Reliability.HOME);
        Path work = Reliability.fresh("hdfs");
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, work.resolve("dfs").toString());
        long heap0 = usedHeap();
        long t0 = System.nanoTime();
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        System.out.printf("MiniDFSCluster up at %s in %.1f s, heap +%d MB%n", cluster.getURI(),
                (System.nanoTime() - t0) / 1e9, (usedHeap() - heap0) >> 20);
        fs = cluster.getFileSystem();
        hdfs = cluster.getURI().toString();
        for (String f : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz")) {
            fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(Reliability.FASHION.resolve(f).toUri()),
                    new org.apache.hadoop.fs.Path("/data/fashion-mnist/" + f));
        }
        Path model = Reliability.baseModel();
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(model.toUri()),
                new org.apache.hadoop.fs.Path("/models/base-mlp.zip"));
    }

    @AfterAll
    static void stopHdfs() {
        for (Process p : children) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        if (cluster != null) {
            cluster.shutdown(); // its threads are not daemons: a cluster left running keeps the JVM alive
        }
    }

    @Test
    void killingTheDriverOfAnHdfsSweepThenRerunningResumes() throws Exception {
        String out = hdfs + "/sweeps/kill";
        Path spec = Reliability.WORK.resolve("hdfs-spec.yaml");
        Reliability.write(spec, """
                name: hdfs-kill
                seed: 42
                model: {path: %s/models/base-mlp.zip, batchSize: 128, learningRate: 0.001}
                data: {format: idx, dir: %s/data/fashion-mnist, validation: 500, trainLimit: 2000, testLimit: 500}
                space:
                  criterion: [magnitude]
                  granularity: [element]
                  scope: [layer]
                  sparsity: [0.2, 0.35, 0.5, 0.65, 0.8, 0.9]
                  schedule: [one-shot]
                  fineTuneEpochs: [1]
                  learningRate: [0.001]
                  batchSize: 128
                search: {method: grid}
                objectives: [val_accuracy, nonzero_params]
                spark: {parallelism: 2}
                output: %s
                """.formatted(hdfs, hdfs, out));
        // the spec stays local here: reading it from HDFS first would delay the early rerun's lock probe past the
        // stale window on a slow machine (aSweepDirectoryTheUserMayNotWrite... reads its spec from HDFS)
        List<String> cmd = driverCommand(spec.toString(), null);


        long t0 = System.nanoTime();
        Process driver = start(cmd, "hdfs-driver-1");
        assertTrue(awaitResults(out, 1, 180_000, driver::isAlive),
                "no result before the driver exited; see " + Reliability.WORK.resolve("hdfs-driver-1.log"));
        driver.destroyForcibly();
        driver.waitFor(30, TimeUnit.SECONDS);
        long killedAt = System.nanoTime();
        Map<String, byte[]> bytes = new TreeMap<>();
        Map<String, Long> mtimes = new HashMap<>();
        for (FileStatus s : results(out)) {
            bytes.put(s.getPath().getName(), fs.open(s.getPath()).readAllBytes());
            mtimes.put(s.getPath().getName(), s.getModificationTime());
        }
        System.out.printf("killed the HDFS driver %.1f s in, with %d result file(s): %s%n",
                (killedAt - t0) / 1e9, bytes.size(), bytes.keySet());
        assertTrue(bytes.size() < CANDIDATES, "the driver was killed before the sweep finished");

        // the dead driver's lock file is fresh: a rerun now is refused, and says when the lock counts as abandoned
        Process early = start(cmd, "hdfs-driver-2");
        assertTrue(early.waitFor(120, TimeUnit.SECONDS), "the refused rerun did not exit");
        String earlyLog = Files.readString(Reliability.WORK.resolve("hdfs-driver-2.log"));
        assertEquals(SweepLock.LOCKED_EXIT_CODE, early.exitValue(), earlyLog);
        assertTrue(earlyLog.contains(SweepLock.STALE_SECONDS), earlyLog);

        long waitMs = STALE_SECONDS * 1000L + 2000 - (System.nanoTime() - killedAt) / 1_000_000;
        Thread.sleep(Math.max(0, waitMs));
        long t1 = System.nanoTime();
        Process rerun = start(cmd, "hdfs-driver-3");
        assertTrue(rerun.waitFor(300, TimeUnit.SECONDS), "rerun did not finish");
        String log = Files.readString(Reliability.WORK.resolve("hdfs-driver-3.log"));
        assertEquals(0, rerun.exitValue(), log);
        System.out.printf("HDFS rerun finished in %.1f s%n", (System.nanoTime() - t1) / 1e9);
        Matcher done = Pattern.compile("(\\d+) already done").matcher(log);
        assertTrue(done.find(), log);
        assertTrue(Integer.parseInt(done.group(1)) >= bytes.size(), log);

        List<String> names = results(out).stream().map(s -> s.getPath().getName()).toList();
        assertEquals(CANDIDATES, names.size(), "one result file per candidate: " + names);
        for (String f : bytes.keySet()) {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(out + "/results/" + f);
            assertEquals(new String(bytes.get(f)), new String(fs.open(p).readAllBytes()), f + " rewritten");
            assertEquals(mtimes.get(f), fs.getFileStatus(p).getModificationTime(), f + " touched");
        }
        for (String output : List.of("sweep.json", "baseline.json", "results.csv", "front.json", "front.csv",
                "report.html", "results.parquet/_SUCCESS", "models")) {
            assertTrue(fs.exists(new org.apache.hadoop.fs.Path(out + "/" + output)), output + " on HDFS");
        }
        assertFalse(fs.exists(new org.apache.hadoop.fs.Path(out + "/.lock")), "the lock is released");
        assertFalse(Files.exists(Reliability.HOME.resolve("hdfs:")), "nothing written to a local hdfs: directory");
    }

    /** A CLI driver in its own JVM running {@code spec}, into {@code out} when not null (else the spec's). */
    private static List<String> driverCommand(String spec, String out) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Reliability.JAVA);
        cmd.add("-Xmx1500m");
        cmd.addAll(Reliability.OPENS);
        cmd.add("-Dspark.ui.enabled=false");
        cmd.add("-Dspark.hadoop.dfs.replication=1");
        cmd.add("-Dspark.hadoop." + SweepLock.STALE_SECONDS + "=" + STALE_SECONDS);
        cmd.add("-Dlog4j2.configurationFile=" + Reliability.HOME.resolve("conf/log4j2.properties"));
        cmd.add("-cp");
        cmd.add(Reliability.appJar() + ":" + Reliability.HOME.resolve("target/lib") + "/*");
        cmd.addAll(List.of("io.prunesweep.cli.Main", "sweep", "--spec", spec, "--master", "local[2,4]"));
        if (out != null) {
            cmd.addAll(List.of("--out", out));
        }
        return cmd;
    }

    @Test
    void aSweepDirectoryTheUserMayNotWriteIsRefusedNamingIt() throws Exception {
        // owned by the test's user (HDFS's superuser here), not writable by others; the driver runs as alice
        org.apache.hadoop.fs.Path locked = new org.apache.hadoop.fs.Path("/locked");
        fs.mkdirs(locked, new org.apache.hadoop.fs.permission.FsPermission((short) 0755));
        fs.setPermission(locked, new org.apache.hadoop.fs.permission.FsPermission((short) 0755));
        Path spec = Reliability.WORK.resolve("hdfs-denied-spec.yaml");
        Reliability.write(spec, """
                name: denied
                model: {zoo: mlp, epochs: 1}
                data: {format: idx, dir: %s/data/fashion-mnist, validation: 500, trainLimit: 1000, testLimit: 500}
                space: {criterion: [magnitude], granularity: [element], sparsity: [0.5]}
                """.formatted(hdfs));
        // the spec is read from HDFS too (a URI --spec is checked under its URI, then run from a local copy)
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(spec.toUri()),
                new org.apache.hadoop.fs.Path("/specs/denied.yaml"));
        String out = hdfs + "/locked/sweep";
        ProcessBuilder pb = new ProcessBuilder(driverCommand(hdfs + "/specs/denied.yaml", out));
        pb.environment().put("HADOOP_USER_NAME", "alice");
        Path logFile = Reliability.WORK.resolve("hdfs-denied.log");
        Process p = pb.redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        children.add(p);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the refused run did not exit");
        String log = Files.readString(logFile);
        assertEquals(2, p.exitValue(), log);
        assertTrue(log.contains(out) && log.contains("permission denied"), log);
        assertTrue(log.contains("spec " + hdfs + "/specs/denied.yaml"), "the spec was read from HDFS: " + log);
        assertFalse(log.contains("reading data"), "refused before any data is read: " + log);
        assertFalse(fs.exists(new org.apache.hadoop.fs.Path(out)), "nothing created");
    }

    /** The result files of {@code out}: visible {@code .json} names (temporary files are hidden). */
    private static List<FileStatus> results(String out) throws IOException {
        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(out + "/results");
        if (!fs.exists(dir)) {
            return List.of();
        }
        List<FileStatus> files = new ArrayList<>();
        for (FileStatus s : fs.listStatus(dir)) {
            String n = s.getPath().getName();
            if (n.endsWith(".json") && !n.startsWith(".")) {
                files.add(s);
            }
        }
        return files;
    }

    private static boolean awaitResults(String out, int n, long timeoutMs, java.util.function.BooleanSupplier alive)
            throws IOException, InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            if (results(out).size() >= n) {
                return true;
            }
            if (!alive.getAsBoolean()) {
                return false;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static Process start(List<String> cmd, String name) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(Reliability.HOME.toFile()).redirectErrorStream(true)
                .redirectOutput(Reliability.WORK.resolve(name + ".log").toFile()).start();
        children.add(p);
        return p;
    }
}
