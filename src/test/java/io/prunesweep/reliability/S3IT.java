package io.prunesweep.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.sweep.SweepLock;
import io.prunesweep.testing.Prerequisites;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.s3a.S3AFileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A sweep on an S3 API: s3proxy (filesystem backend, no authorization) runs in its own JVM on 127.0.0.1 (its
 * Guava is not Hadoop's, so it cannot share a class path with the driver), and the CLI driver reaches it through
 * hadoop-aws's S3A client with exactly the two jars the README tells a cluster user to add. The data, the base
 * model and every output are {@code s3a://} URIs.
 *
 * <p>An output in a missing bucket is refused with exit 2 naming the URI before any candidate runs. The driver of
 * a real sweep is killed after its first result; a rerun while the dead driver's lock object is fresh is refused
 * (exit 3: on S3 the lock is the heartbeat rule, S3A having no conditional create); one after
 * {@value #STALE_SECONDS} s takes it over and runs only what is missing. Then each candidate has exactly one
 * result object at its final key and nothing else is listed beside them, the pre-kill results are untouched, {@code results.parquet} is read back by {@code spark.read.parquet}
 * through S3A, and {@code report.html} is there.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class S3IT {
    private static final int CANDIDATES = 4;
    // above the ~10 s a CLI JVM here needs before it looks at the lock (class loading of the 280 MB AWS SDK
    // bundle, S3A's start), so the rerun right after the kill still finds the dead driver's lock fresh
    private static final int STALE_SECONDS = 30;
    private static final String BUCKET = "sweeps";
    private static final List<Process> children = new ArrayList<>();
    private static Process s3proxy;
    private static Map<String, String> s3a;
    private static FileSystem fs;

    @BeforeAll
    static void startS3() throws Exception {
        Prerequisites.requireFashionMnist();
        Prerequisites.requirePackagedLib(Reliability.HOME);
        Path dir = Reliability.HOME.resolve("target/s3proxy");
        Path jar;
        try (Stream<Path> s = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            jar = s.filter(p -> p.getFileName().toString().endsWith("-jar-with-dependencies.jar")).findFirst()
                    .orElse(null);
        }
        Prerequisites.require(jar != null, "target/s3proxy/s3proxy-*-jar-with-dependencies.jar",
                "run `mvn -B verify` (its pre-integration-test phase copies s3proxy there)");
        Path work = Reliability.fresh("s3");
        // s3proxy's filesystem backend keeps each bucket as a directory of its base directory
        Files.createDirectories(work.resolve("blobs").resolve(BUCKET));
        int port = Reliability.freePort();
        Path props = work.resolve("s3proxy.properties");
        Files.writeString(props, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=none",
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + work.resolve("blobs"),
                ""));
        long t0 = System.nanoTime();
        s3proxy = new ProcessBuilder(Reliability.JAVA, "-Xmx256m", "-cp", jar.toString(), "org.gaul.s3proxy.Main",
                "--properties", props.toString()).redirectErrorStream(true)
                .redirectOutput(Reliability.WORK.resolve("s3proxy.log").toFile()).start();
        awaitPort(port, 60_000);
        System.out.printf("s3proxy up on 127.0.0.1:%d in %.1f s%n", port, (System.nanoTime() - t0) / 1e9);

        s3a = new LinkedHashMap<>();
        s3a.put("fs.s3a.endpoint", "http://127.0.0.1:" + port);
        s3a.put("fs.s3a.endpoint.region", "us-east-1");
        s3a.put("fs.s3a.path.style.access", "true");
        s3a.put("fs.s3a.connection.ssl.enabled", "false");
        s3a.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        // s3proxy with authorization none accepts any key; S3A still insists on having one
        s3a.put("fs.s3a.access.key", "test");
        s3a.put("fs.s3a.secret.key", "test");
        // s3proxy's filesystem backend keeps a "directory" key as a real directory, and deleting one that still holds
        // objects waits ~10 s and fails (a bulk delete of several: longer than S3A's timeout), which S3A 3.3's
        // default marker cleanup does after every write. Keeping markers (Hadoop 3.4's default; S3 itself has no
        // directories, so nothing else changes) avoids that wait.
        s3a.put("fs.s3a.directory.marker.retention", "keep");
        Configuration conf = new Configuration();
        s3a.forEach(conf::set);
        fs = FileSystem.newInstance(URI.create("s3a://" + BUCKET + "/"), conf);
        long t1 = System.nanoTime();
        for (String f : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz")) {
            fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(Reliability.FASHION.resolve(f).toUri()),
                    new org.apache.hadoop.fs.Path("s3a://" + BUCKET + "/data/fashion-mnist/" + f));
        }
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(Reliability.baseModel().toUri()),
                new org.apache.hadoop.fs.Path("s3a://" + BUCKET + "/models/base-mlp.zip"));
        System.out.printf("data and base model put on S3 in %.1f s%n", (System.nanoTime() - t1) / 1e9);
    }

    @AfterAll
    static void stopS3() throws Exception {
        for (Process p : children) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        if (fs != null) {
            fs.close();
        }
        if (s3proxy != null) {
            s3proxy.destroy();
            if (!s3proxy.waitFor(10, TimeUnit.SECONDS)) {
                s3proxy.destroyForcibly();
            }
        }
    }

    @Test
    void anOutputInAMissingBucketExits2NamingItBeforeAnyCandidateRuns() throws Exception {
        String out = "s3a://no-such-bucket/sweeps/x";
        long t0 = System.nanoTime();
        Process p = start(driver(spec("missing", out)), "s3-missing-bucket");
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the refused run did not exit");
        String log = Files.readString(Reliability.WORK.resolve("s3-missing-bucket.log"));
        System.out.printf("missing bucket refused in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        assertEquals(2, p.exitValue(), log);
        assertTrue(log.contains(out), log);
        assertFalse(log.contains("already done"), "no candidate was planned: " + log);
    }

    @Test
    void killingTheDriverOfAnS3SweepThenRerunningResumes() throws Exception {
        String out = "s3a://" + BUCKET + "/sweeps/kill";
        List<String> cmd = driver(spec("kill", out));

        long t0 = System.nanoTime();
        Process driver = start(cmd, "s3-driver-1");
        assertTrue(awaitResults(out, 1, 240_000, driver::isAlive),
                "no result before the driver exited; see " + Reliability.WORK.resolve("s3-driver-1.log"));
        driver.destroyForcibly();
        driver.waitFor(30, TimeUnit.SECONDS);
        long killedAt = System.nanoTime();
        Map<String, byte[]> bytes = new TreeMap<>();
        Map<String, Long> mtimes = new HashMap<>();
        for (FileStatus s : results(out)) {
            bytes.put(s.getPath().getName(), fs.open(s.getPath()).readAllBytes());
            mtimes.put(s.getPath().getName(), s.getModificationTime());
        }
        System.out.printf("killed the S3 driver %.1f s in, with %d result object(s): %s%n",
                (killedAt - t0) / 1e9, bytes.size(), bytes.keySet());
        assertTrue(bytes.size() < CANDIDATES, "the driver was killed before the sweep finished");

        // the dead driver's lock object is fresh: a rerun now is refused, and says when it counts as abandoned
        Process early = start(cmd, "s3-driver-2");
        assertTrue(early.waitFor(120, TimeUnit.SECONDS), "the refused rerun did not exit");
        String earlyLog = Files.readString(Reliability.WORK.resolve("s3-driver-2.log"));
        assertEquals(SweepLock.LOCKED_EXIT_CODE, early.exitValue(), earlyLog);
        assertTrue(earlyLog.contains(SweepLock.STALE_SECONDS), earlyLog);

        long waitMs = STALE_SECONDS * 1000L + 2000 - (System.nanoTime() - killedAt) / 1_000_000;
        Thread.sleep(Math.max(0, waitMs));
        long t1 = System.nanoTime();
        Process rerun = start(cmd, "s3-driver-3");
        assertTrue(rerun.waitFor(300, TimeUnit.SECONDS), "rerun did not finish");
        String log = Files.readString(Reliability.WORK.resolve("s3-driver-3.log"));
        assertEquals(0, rerun.exitValue(), log);
        System.out.printf("S3 rerun finished in %.1f s%n", (System.nanoTime() - t1) / 1e9);
        Matcher done = Pattern.compile("(\\d+) already done").matcher(log);
        assertTrue(done.find(), log);
        assertTrue(Integer.parseInt(done.group(1)) >= bytes.size(), log);

        // one object per candidate at its final key, and nothing else listed beside them
        List<String> listed = new ArrayList<>();
        for (FileStatus s : fs.listStatus(new org.apache.hadoop.fs.Path(out + "/results"))) {
            listed.add(s.getPath().getName());
        }
        assertEquals(CANDIDATES, listed.size(), "one result object per candidate and nothing else: " + listed);
        assertTrue(listed.stream().allMatch(n -> n.endsWith(".json") && !n.startsWith(".")), listed.toString());
        for (String f : bytes.keySet()) {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(out + "/results/" + f);
            assertEquals(new String(bytes.get(f)), new String(fs.open(p).readAllBytes()), f + " rewritten");
            assertEquals(mtimes.get(f), fs.getFileStatus(p).getModificationTime(), f + " touched");
        }
        for (String output : List.of("sweep.json", "baseline.json", "results.csv", "front.json", "report.html",
                "results.parquet/_SUCCESS", "models")) {
            assertTrue(fs.exists(new org.apache.hadoop.fs.Path(out + "/" + output)), output + " on S3");
        }
        assertTrue(fs.getFileStatus(new org.apache.hadoop.fs.Path(out + "/report.html")).getLen() > 1000,
                "report.html has content");
        assertFalse(fs.exists(new org.apache.hadoop.fs.Path(out + "/.lock")), "the lock is released");
        assertFalse(Files.exists(Reliability.HOME.resolve("s3a:")), "nothing written to a local s3a: directory");

        Set<String> ids = listed.stream().map(n -> n.substring(0, n.length() - ".json".length()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(ids, parquetIds(out + "/results.parquet"), "results.parquet holds every candidate once");
        System.out.printf("S3 sweep test body took %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /** The candidate ids in a Parquet file on S3 as a notebook reads it: {@code spark.read.parquet}. */
    private static Set<String> parquetIds(String uri) {
        SparkSession.Builder b = SparkSession.builder().appName("s3-read").master("local[1]")
                .config("spark.ui.enabled", "false");
        s3a.forEach((k, v) -> b.config("spark.hadoop." + k, v));
        SparkSession spark = b.getOrCreate();
        try {
            // an existing session keeps its Hadoop configuration: set it there as well
            s3a.forEach(spark.sparkContext().hadoopConfiguration()::set);
            List<Row> rows = spark.read().parquet(uri).select("candidateId").collectAsList();
            List<String> ids = rows.stream().map(r -> r.getString(0)).toList();
            assertEquals(ids.size(), new TreeSet<>(ids).size(), "no candidate twice: " + ids);
            return new TreeSet<>(ids);
        } finally {
            spark.stop();
        }
    }

    private static Path spec(String name, String out) {
        Path spec = Reliability.WORK.resolve("s3-" + name + ".yaml");
        String root = "s3a://" + BUCKET;
        Reliability.write(spec, """
                name: s3-%s
                seed: 42
                model: {path: %s/models/base-mlp.zip, batchSize: 128, learningRate: 0.001}
                data: {format: idx, dir: %s/data/fashion-mnist, validation: 500, trainLimit: 2000, testLimit: 500}
                space:
                  criterion: [magnitude]
                  granularity: [element]
                  scope: [layer]
                  sparsity: [0.3, 0.5, 0.7, 0.9]
                  schedule: [one-shot]
                  fineTuneEpochs: [1]
                  learningRate: [0.001]
                  batchSize: 128
                search: {method: grid}
                objectives: [val_accuracy, nonzero_params]
                spark: {parallelism: 2}
                output: %s
                """.formatted(name, root, root, out));
        return spec;
    }

    /**
     * The CLI in its own JVM: target/lib (Spark and its Hadoop client included) plus only hadoop-aws and
     * aws-java-sdk-bundle, the jars a cluster user adds for s3a://, taken from where this JVM loaded them.
     */
    private static List<String> driver(Path spec) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Reliability.JAVA);
        cmd.add("-Xmx1500m");
        cmd.addAll(Reliability.OPENS);
        cmd.add("-Dspark.ui.enabled=false");
        cmd.add("-Dspark.hadoop." + SweepLock.STALE_SECONDS + "=" + STALE_SECONDS);
        s3a.forEach((k, v) -> cmd.add("-Dspark.hadoop." + k + "=" + v));
        cmd.add("-Dlog4j2.configurationFile=" + Reliability.HOME.resolve("conf/log4j2.properties"));
        cmd.add("-cp");
        cmd.add(Reliability.appJar() + ":" + Reliability.HOME.resolve("target/lib") + "/*:" + jarOf(S3AFileSystem.class)
                + ":" + jarOf(com.amazonaws.services.s3.AmazonS3.class));
        cmd.addAll(List.of("io.prunesweep.cli.Main", "sweep", "--spec", spec.toString(), "--master", "local[2,4]"));
        return cmd;
    }

    private static String jarOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The result objects of {@code out}: visible {@code .json} names. */
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
            Thread.sleep(200);
        }
        return false;
    }

    private static void awaitPort(int port, long timeoutMs) throws Exception {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            if (!s3proxy.isAlive()) {
                throw new AssertionError("s3proxy exited " + s3proxy.exitValue() + ": "
                        + Files.readString(Reliability.WORK.resolve("s3proxy.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("s3proxy did not listen on " + port + " within " + timeoutMs + " ms");
    }

    private static Process start(List<String> cmd, String name) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(Reliability.HOME.toFile()).redirectErrorStream(true)
                .redirectOutput(Reliability.WORK.resolve(name + ".log").toFile()).start();
        children.add(p);
        return p;
    }
}
