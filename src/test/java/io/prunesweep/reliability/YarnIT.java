package io.prunesweep.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.prunesweep.testing.Prerequisites;
import io.prunesweep.testing.ResultFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A sweep on real YARN: an in-process {@link MiniDFSCluster} holds the Fashion-MNIST files and the base model, an
 * in-process {@link MiniYARNCluster} (one NodeManager) runs the application, and {@code jobs/submit-sweep.sh
 * --master yarn} submits it as a user would, with a {@code HADOOP_CONF_DIR} this test writes and a Spark home made
 * of the packaged jars plus spark-yarn (what a Spark distribution with YARN support ships). Once in client deploy
 * mode (driver in the submitting JVM) and once in cluster mode (driver in the ApplicationMaster's container, the spec
 * shipped with {@code --files}); executors always run in YARN containers, data and outputs are on {@code hdfs://}.
 * Each run must leave exactly one result per candidate, computed by executors, and YARN must report the application
 * as succeeded; in the client-mode run an executor's JVM is killed while it runs a candidate, whose task Spark must
 * retry elsewhere. The two runs share the clusters (their start-up is most of the cost).
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class YarnIT {
    private static final int CANDIDATES = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Process> children = new ArrayList<>();
    private static MiniDFSCluster dfs;
    private static MiniYARNCluster yarn;
    private static FileSystem fs;
    private static String hdfs;
    private static Path work;
    private static Path confDir;
    private static Path sparkHome;

    @BeforeAll
    static void startClusters() throws Exception {
        Prerequisites.requireFashionMnist();
        Prerequisites.requirePackagedLib(Reliability.HOME);
        work = Reliability.fresh("yarn");
        Files.createDirectories(work);
        Path baseModel = Reliability.baseModel(); // before the clusters: it trains once, on this JVM's cores

        Configuration conf = new YarnConfiguration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, work.resolve("dfs").toString());
        conf.setInt("dfs.replication", 1);
        long t0 = System.nanoTime();
        dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        dfs.waitActive();
        double dfsSeconds = (System.nanoTime() - t0) / 1e9;
        hdfs = dfs.getURI().toString();
        conf.set("fs.defaultFS", hdfs);

        // hadoop-client-minicluster ships no capacity-scheduler.xml: one queue, as Spark's own YARN suite sets it
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
        conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
        conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
        conf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
        // a JVM reserves far more virtual memory than it uses; physical memory stays checked
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        // room for an ApplicationMaster/driver and two executors of 1 GB heap + 1 GB overhead (off-heap ND4J)
        // (MiniYARNCluster gives its NodeManagers this minicluster setting, 4 GB by default, not NM_PMEM_MB)
        conf.setInt(YarnConfiguration.YARN_MINICLUSTER_NM_PMEM_MB, 6144);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
        // a nearly full disk must not mark the only node unhealthy and hang the test
        conf.setFloat("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", 100f);

        long t1 = System.nanoTime();
        yarn = new MiniYARNCluster("prunesweep-yarn-it", 1, 1, 1);
        yarn.init(conf);
        yarn.start();
        Configuration live = yarn.getConfig();
        // start() may return before the ResourceManager has written its bound port into the configuration
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (live.get(YarnConfiguration.RM_ADDRESS, ":0").endsWith(":0")) {
            assertTrue(System.nanoTime() < until, "the ResourceManager published no address");
            Thread.sleep(100);
        }
        System.out.printf("MiniDFSCluster up at %s in %.1f s; MiniYARNCluster up, ResourceManager at %s, in %.1f s%n",
                hdfs, dfsSeconds, live.get(YarnConfiguration.RM_ADDRESS), (System.nanoTime() - t1) / 1e9);

        // HADOOP_CONF_DIR as a cluster's gateway host has it: the client-side entries only. Not the whole live
        // configuration: the minicluster's own test settings (net.topology.node.switch.mapping.impl = a test
        // class) would break every client and container that loads them
        confDir = work.resolve("hadoop-conf");
        Files.createDirectories(confDir);
        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", hdfs);
        writeSite(core, "core-site.xml");
        Configuration hdfsSite = new Configuration(false);
        hdfsSite.setInt("dfs.replication", 1); // one DataNode
        writeSite(hdfsSite, "hdfs-site.xml");
        Configuration yarnSite = new Configuration(false);
        for (Map.Entry<String, String> e : live) {
            String k = e.getKey();
            if (k.startsWith("yarn.resourcemanager.") && (k.endsWith(".address") || k.endsWith(".hostname"))) {
                yarnSite.set(k, live.get(k));
            }
        }
        writeSite(yarnSite, "yarn-site.xml");
        fs = dfs.getFileSystem();
        for (String f : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
            fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(Reliability.FASHION.resolve(f).toUri()),
                    new org.apache.hadoop.fs.Path("/data/fashion-mnist/" + f));
        }
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(baseModel.toUri()),
                new org.apache.hadoop.fs.Path("/models/base-mlp.zip"));
        sparkHome = sparkHome();
    }

    private static void writeSite(Configuration c, String file) throws IOException {
        try (OutputStream out = Files.newOutputStream(confDir.resolve(file))) {
            c.writeXml(out);
        }
    }

    /**
     * A Spark home as a distribution with YARN support lays it out: jars/ = target/lib without the application's
     * own dependencies (submit-sweep.sh ships those with --jars), plus the spark-yarn jar.
     */
    private static Path sparkHome() throws Exception {
        Path home = work.resolve("spark-home");
        Path jars = home.resolve("jars");
        Files.createDirectories(jars);
        String listed = Reliability.run(List.of(Reliability.HOME.resolve("jobs/local-cluster.sh").toString(),
                "app-jars"), Map.of()).trim();
        Set<String> app = new HashSet<>();
        for (String j : listed.split(",")) {
            app.add(Path.of(j).getFileName().toString());
        }
        try (Stream<Path> lib = Files.list(Reliability.HOME.resolve("target/lib"))) {
            for (Path j : lib.toList()) {
                if (!app.contains(j.getFileName().toString())) {
                    Files.createSymbolicLink(jars.resolve(j.getFileName()), j);
                }
            }
        }
        Path sparkYarn = Path.of(Class.forName("org.apache.spark.deploy.yarn.Client").getProtectionDomain()
                .getCodeSource().getLocation().toURI());
        Files.createSymbolicLink(jars.resolve(sparkYarn.getFileName()), sparkYarn);
        return home;
    }

    @AfterAll
    static void stopClusters() {
        try {
            for (Process p : children) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            // containers are children of this JVM (the NodeManager launches them): none may outlive the test
            ProcessHandle.current().descendants().filter(h -> cmdline(h.pid()).contains("prunesweep-yarn-it"))
                    .forEach(ProcessHandle::destroyForcibly);
        } finally {
            // neither cluster's threads are daemons: a cluster left running keeps the forked JVM alive
            try {
                if (yarn != null) {
                    yarn.stop();
                }
            } finally {
                if (dfs != null) {
                    dfs.shutdown();
                }
            }
        }
    }

    @Test
    void clusterDeployModeRunsTheDriverInAYarnContainer() throws Exception {
        String out = hdfs + "/sweeps/cluster";
        Path spec = spec("yarn-cluster");
        long t0 = System.currentTimeMillis();
        // the driver's working directory is its container's: the spec travels with --files, named by file name
        submit("cluster", List.of("--files", spec.toString()), "yarn-cluster", "sweep", "--spec",
                spec.getFileName().toString(), "--out", out);
        ApplicationReport app = application(t0);
        System.out.printf("cluster mode: %s %s in %.1f s%n", app.getApplicationId(),
                app.getFinalApplicationStatus(), (System.currentTimeMillis() - t0) / 1e3);
        Path amLogs = containerLogs(app).get(0); // the first container of an application is its ApplicationMaster
        String driverOut = Files.readString(amLogs.resolve("stdout"));
        assertTrue(driverOut.contains("Pareto front"), "the driver ran in the ApplicationMaster's container "
                + amLogs + ":\n" + tail(driverOut));
        checkOutputs(out, app);
    }

    /**
     * Client deploy mode, and a {@code kill -9} of an executor's JVM while it runs a candidate: YARN reports its
     * container gone, Spark retries the lost task on another executor, and the sweep still ends with one result
     * per candidate.
     */
    @Test
    void clientDeployModeSurvivesAnExecutorContainerKilledMidTask() throws Exception {
        String out = hdfs + "/sweeps/client";
        Path spec = spec("yarn-client");
        long t0 = System.currentTimeMillis();
        Process submit = startSubmit("client", List.of(), "yarn-client", "sweep", "--spec", spec.toString(),
                "--out", out);
        // the victim is an executor whose own log has shown a task started and not finished for a second (more
        // "Running task" than "Finished task" lines), so the kill loses an attempt; before the sweep's job the
        // executors run no task, so that task is a candidate
        long until = System.currentTimeMillis() + 300_000;
        Map<Long, Long> busySince = new HashMap<>();
        ProcessHandle victim = null;
        while (victim == null) {
            assertTrue(submit.isAlive() && System.currentTimeMillis() < until,
                    "no executor ran a task before the submit ended; see " + work.resolve("yarn-client.log"));
            long now = System.currentTimeMillis();
            List<ProcessHandle> busy = ProcessHandle.allProcesses().filter(YarnIT::executorInATask).toList();
            busySince.keySet().retainAll(busy.stream().map(ProcessHandle::pid).toList()); // idle again: start over
            for (ProcessHandle h : busy) {
                if (now - busySince.computeIfAbsent(h.pid(), pid -> now) >= 1000) {
                    victim = h;
                }
            }
            Thread.sleep(50);
        }
        int before = results(out);
        String victimCmd = cmdline(victim.pid());
        victim.destroyForcibly();
        victim.onExit().get(30, TimeUnit.SECONDS);
        String lost = executorId(victimCmd);
        System.out.printf("killed the JVM of executor %s (pid %d) %.1f s after submitting, %d result(s) on HDFS%n",
                lost, victim.pid(), (System.currentTimeMillis() - t0) / 1e3, before);
        assertTrue(before < CANDIDATES, "killed before the sweep finished");

        String log = finish(submit, "client", work.resolve("yarn-client.log"));
        assertTrue(log.contains("Pareto front"), "the driver ran here and printed the front:\n" + tail(log));
        assertTrue(log.contains("Lost executor " + lost), "Spark saw executor " + lost + " lost:\n" + tail(log));
        ApplicationReport app = application(t0);
        System.out.printf("client mode with a killed executor: %s %s in %.1f s%n", app.getApplicationId(),
                app.getFinalApplicationStatus(), (System.currentTimeMillis() - t0) / 1e3);
        Map<String, Map<String, String>> rows = checkOutputs(out, app);
        List<Map<String, String>> retried = rows.values().stream()
                .filter(r -> Integer.parseInt(ResultFiles.column(r, "attempt")) >= 1).toList();
        assertFalse(retried.isEmpty(), "the task lost with executor " + lost + " was retried: " + rows.keySet());
        retried.forEach(r -> assertTrue(!ResultFiles.column(r, "executorId").equals(lost),
                "a retried row comes from another executor than the killed " + lost));
    }

    /** A YARN executor JVM of this test whose log shows a task started and not finished. */
    private static boolean executorInATask(ProcessHandle h) {
        String cmd = cmdline(h.pid());
        if (!cmd.contains("YarnCoarseGrainedExecutorBackend") || !cmd.contains("prunesweep-yarn-it")) {
            return false;
        }
        Matcher dir = Pattern.compile("-Dspark\\.yarn\\.app\\.container\\.log\\.dir=(\\S+)").matcher(cmd);
        if (!dir.find()) {
            return false;
        }
        try {
            String log = Files.readString(Path.of(dir.group(1), "stderr"));
            return count(log, "Running task ") > count(log, "Finished task ");
        } catch (IOException e) {
            return false;
        }
    }

    private static int count(String text, String word) {
        int n = 0;
        for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
            n++;
        }
        return n;
    }

    private static String executorId(String cmd) {
        Matcher m = Pattern.compile("--executor-id (\\S+)").matcher(cmd);
        return m.find() ? m.group(1) : "?";
    }

    /** Visible result files under {@code out}. */
    private static int results(String out) throws IOException {
        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(out + "/results");
        if (!fs.exists(dir)) {
            return 0;
        }
        int n = 0;
        for (FileStatus s : fs.listStatus(dir)) {
            String name = s.getPath().getName();
            n += name.endsWith(".json") && !name.startsWith(".") ? 1 : 0;
        }
        return n;
    }

    /** A 4-candidate spec reading the data and the base model from HDFS. */
    private static Path spec(String name) {
        Path file = work.resolve(name + ".yaml");
        Reliability.write(file, """
                name: %s
                seed: 42
                model: {path: %s/models/base-mlp.zip, batchSize: 128, learningRate: 0.001}
                data: {format: idx, dir: %s/data/fashion-mnist, validation: 500, trainLimit: 2000, testLimit: 500}
                space:
                  criterion: [magnitude]
                  granularity: [element, neuron]
                  scope: [layer]
                  sparsity: [0.5, 0.8]
                  schedule: [one-shot]
                  fineTuneEpochs: [1]
                  learningRate: [0.001]
                  batchSize: 128
                search: {method: grid}
                objectives: [val_accuracy, nonzero_params]
                spark: {parallelism: 2}
                output: %s/sweeps/%s-default
                """.formatted(name, hdfs, hdfs, hdfs, name));
        return file;
    }

    /** Runs jobs/submit-sweep.sh with master yarn; returns its output, failing on a non-zero exit. */
    private static String submit(String deployMode, List<String> submitOptions, String logName, String... sweepArgs)
            throws Exception {
        return finish(startSubmit(deployMode, submitOptions, logName, sweepArgs), deployMode,
                work.resolve(logName + ".log"));
    }

    private static String finish(Process p, String deployMode, Path log) throws Exception {
        boolean done = p.waitFor(6, TimeUnit.MINUTES);
        String text = Files.readString(log);
        assertTrue(done, "submit in " + deployMode + " mode did not finish; see " + log + "\n" + tail(text));
        assertEquals(0, p.exitValue(), "submit in " + deployMode + " mode failed; see " + log + "\n" + tail(text));
        return text;
    }

    private static Process startSubmit(String deployMode, List<String> submitOptions, String logName,
            String... sweepArgs) throws IOException {
        String javaHome = System.getProperty("java.home");
        List<String> cmd = new ArrayList<>(List.of(Reliability.HOME.resolve("jobs/submit-sweep.sh").toString(),
                "--master", "yarn", "--deploy-mode", deployMode, "--name", logName,
                "--num-executors", "2", "--executor-cores", "1", "--executor-memory", "1g",
                "--driver-memory", "1g", "--conf", "spark.executor.memoryOverhead=1g",
                // Spark's jars are on the node already: containers use them in place instead of an upload
                "--conf", "spark.yarn.jars=local:" + sparkHome.resolve("jars") + "/*",
                // container launches need JAVA_HOME, which a CI environment need not export
                "--conf", "spark.yarn.appMasterEnv.JAVA_HOME=" + javaHome,
                "--conf", "spark.executorEnv.JAVA_HOME=" + javaHome,
                "--conf", "spark.yarn.am.memory=512m",
                "--conf", "spark.ui.enabled=false"));
        cmd.addAll(submitOptions);
        cmd.add("--");
        cmd.addAll(List.of(sweepArgs));
        Path log = work.resolve(logName + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Reliability.HOME.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("HADOOP_CONF_DIR", confDir.toString());
        pb.environment().put("JAVA_HOME", javaHome);
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        children.add(p);
        return p;
    }

    /** The one application submitted since {@code since}, which must have finished successfully. */
    private static ApplicationReport application(long since) throws Exception {
        try (YarnClient client = YarnClient.createYarnClient()) {
            client.init(yarn.getConfig());
            client.start();
            List<ApplicationReport> apps = client.getApplications().stream()
                    .filter(a -> a.getStartTime() >= since).toList();
            assertEquals(1, apps.size(), "one application submitted: " + apps);
            ApplicationReport app = apps.get(0);
            assertEquals(FinalApplicationStatus.SUCCEEDED, app.getFinalApplicationStatus(), app.toString());
            // a second attempt would mean YARN ran the whole sweep again after a failed ApplicationMaster
            assertEquals(1, app.getCurrentApplicationAttemptId().getAttemptId(), "succeeded at the first attempt");
            return app;
        }
    }

    /** The application's container log directories on the NodeManager, in container order. */
    private static List<Path> containerLogs(ApplicationReport app) throws IOException {
        Path appLogs = Path.of(yarn.getNodeManager(0).getConfig().get(YarnConfiguration.NM_LOG_DIRS).split(",")[0])
                .resolve(app.getApplicationId().toString());
        try (Stream<Path> s = Files.list(appLogs)) {
            return s.sorted().toList();
        }
    }

    /**
     * One result per candidate under {@code out}, each computed by an executor (not the driver), and the sweep's
     * other outputs next to them; and at least two executor containers besides the ApplicationMaster's.
     */
    private static Map<String, Map<String, String>> checkOutputs(String out, ApplicationReport app)
            throws IOException {
        Map<String, Map<String, String>> rows = new TreeMap<>();
        for (FileStatus s : fs.listStatus(new org.apache.hadoop.fs.Path(out + "/results"))) {
            String n = s.getPath().getName();
            if (n.startsWith(".")) { // a killed attempt's temporary file: never read as a result
                System.out.println("  hidden temporary file " + n);
                continue;
            }
            assertTrue(n.endsWith(".json"), "only result files: " + n);
            try (var in = fs.open(s.getPath())) {
                rows.put(n, ResultFiles.flatten(JSON.readTree(in)));
            }
        }
        assertEquals(CANDIDATES, rows.size(), "one result file per candidate: " + rows.keySet());
        Set<String> executors = new HashSet<>();
        rows.forEach((file, r) -> {
            String executor = ResultFiles.column(r, "executorId");
            System.out.printf("  %s executor %s attempt %s%n", file, executor, ResultFiles.column(r, "attempt"));
            assertTrue(executor.matches("\\d+"), file + " computed by a YARN executor, not " + executor);
            assertEquals("ok", ResultFiles.column(r, "status"), file + " succeeded: " + r);
            executors.add(executor);
        });
        for (String output : List.of("sweep.json", "baseline.json", "results.csv", "front.json", "report.html",
                "results.parquet/_SUCCESS")) {
            assertTrue(fs.exists(new org.apache.hadoop.fs.Path(out + "/" + output)), output + " on HDFS");
        }
        assertFalse(fs.exists(new org.apache.hadoop.fs.Path(out + "/.lock")), "the lock is released");
        List<Path> containers = containerLogs(app);
        System.out.printf("  %d containers (ApplicationMaster + executors): %s; rows from executors %s%n",
                containers.size(), containers.stream().map(Path::getFileName).toList(), executors);
        assertTrue(containers.size() >= 3, "an ApplicationMaster and two executor containers: " + containers);
        return rows;
    }

    private static String tail(String log) {
        return log.length() <= 6000 ? log : "..." + log.substring(log.length() - 6000);
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline"))).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
