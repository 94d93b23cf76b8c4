package io.prunesweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.spark.Sessions;
import io.prunesweep.testing.JvmSettings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM settings have one source, conf/jvm.options and conf/native-env: the build fails when a generated
 * copy drifts from it (jobs/sync-jvm-settings.sh --check), when a file spells the flags out by hand, or when
 * the test JVM itself, the launchers' source, or the application's executor defaults disagree with it.
 */
class JvmSettingsTest {
    private static final Path HOME = Path.of("").toAbsolutePath();
    private static final List<String> SOURCES = List.of("jobs/sync-jvm-settings.sh", "jobs/java-opts.sh",
            "conf/jvm.options", "conf/native-env", "pom.xml", "conf/spark-defaults.conf",
            "jobs/k8s/prunesweep-sparkapplication.yaml", "jobs/airflow_prunesweep_dag.py");
    private static final String K8S = "jobs/k8s/prunesweep-sparkapplication.yaml";
    private static final String DAG = "jobs/airflow_prunesweep_dag.py";

    private record Run(int exit, String output) {
    }

    private static Run run(Path home, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", home.resolve("jobs/sync-jvm-settings.sh").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "sync-jvm-settings.sh finished");
        return new Run(p.exitValue(), out);
    }

    private static Path copyOfTheSources(Path dir) throws IOException {
        for (String f : SOURCES) {
            Path to = dir.resolve(f);
            Files.createDirectories(to.getParent());
            Files.copy(HOME.resolve(f), to);
        }
        return dir;
    }

    @Test
    void everyGeneratedCopyIsInSync() throws Exception {
        Run r = run(HOME, "--check");
        assertEquals(0, r.exit(), "run jobs/sync-jvm-settings.sh after editing conf/jvm.options or conf/native-env:\n"
                + r.output());
    }

    @Test
    void aDriftedCopyFailsTheCheckNamingItAndSyncRepairsIt(@TempDir Path dir) throws Exception {
        Path home = copyOfTheSources(dir);
        String k8s = Files.readString(home.resolve(K8S));
        Files.writeString(home.resolve(K8S), k8s.replaceFirst("\n *--add-opens=java.base/java.nio=ALL-UNNAMED", ""));
        Run drift = run(home, "--check");
        assertEquals(1, drift.exit(), drift.output());
        assertTrue(drift.output().contains("out of date: " + K8S), drift.output());
        assertTrue(drift.output().contains("+      --add-opens=java.base/java.nio=ALL-UNNAMED"), drift.output());

        assertEquals(0, run(home).exit());
        assertEquals(k8s, Files.readString(home.resolve(K8S)), "sync restores the generated block");
        assertEquals(0, run(home, "--check").exit());
    }

    @Test
    void anEditedSourceReachesEveryCopyOnSync(@TempDir Path dir) throws Exception {
        Path home = copyOfTheSources(dir);
        Files.writeString(home.resolve("conf/jvm.options"), "--add-opens=java.base/java.text=ALL-UNNAMED\n",
                java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(home.resolve("conf/native-env"), "MKL_NUM_THREADS=1\n", java.nio.file.StandardOpenOption.APPEND);
        Run stale = run(home, "--check");
        assertEquals(1, stale.exit(), stale.output());
        for (String f : List.of("pom.xml", "conf/spark-defaults.conf", K8S, DAG)) {
            assertTrue(stale.output().contains("out of date: " + f), f + " is stale:\n" + stale.output());
        }
        assertEquals(0, run(home).exit());
        assertTrue(Files.readString(home.resolve("pom.xml")).contains("<MKL_NUM_THREADS>1</MKL_NUM_THREADS>"));
        String k8s = Files.readString(home.resolve(K8S));
        assertEquals(2, k8s.split("--add-opens=java.base/java.text=ALL-UNNAMED", -1).length - 1,
                "driver and executor javaOptions");
        assertTrue(k8s.contains("spark.executorEnv.MKL_NUM_THREADS: \"1\""), k8s);
        assertTrue(Files.readString(home.resolve(DAG)).contains("\"--add-opens=java.base/java.text=ALL-UNNAMED\","));
    }

    @Test
    void aBadSourceOrAMissingBlockIsRefused(@TempDir Path dir) throws Exception {
        Path home = copyOfTheSources(dir);
        Files.writeString(home.resolve("conf/native-env"), "OMP_NUM_THREADS = 1\n");
        Run bad = run(home, "--check");
        assertEquals(2, bad.exit(), bad.output());
        assertTrue(bad.output().contains("native-env line 1: expected NAME=VALUE"), bad.output());

        Path other = copyOfTheSources(dir.resolve("other"));
        Files.writeString(other.resolve(DAG), "JAVA17_OPENS = \"\"\n");
        Run missing = run(other, "--check");
        assertEquals(2, missing.exit(), missing.output());
        assertTrue(missing.output().contains(DAG + ": no generated block"), missing.output());
    }

    /** The pom's argLine passes conf/jvm.options as a java @argument file: the forked JVM must have expanded it. */
    @Test
    void thisTestJvmRunsWithTheSettings() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String option : JvmSettings.options(HOME)) {
            assertTrue(args.contains(option), option + " missing from the test JVM's arguments " + args);
        }
        JvmSettings.nativeEnv(HOME).forEach((name, value) -> assertEquals(value, System.getenv(name), name));
    }

    /** The benchmark's child JVMs (ChildJvm, the sgemm processes) get the same native settings. */
    @Test
    void theBenchmarksChildJvmsGetTheNativeEnv() {
        ProcessBuilder pb = new ProcessBuilder("true");
        pb.environment().clear(); // not inherited from this JVM, which has the settings already
        Map<String, String> child = io.prunesweep.bench.ChildJvm.nativeEnv(pb).environment();
        JvmSettings.nativeEnv(HOME).forEach((name, value) -> assertEquals(value, child.get(name), name));
    }

    /** The application sets the executor environment itself when nothing else does; it must say the same. */
    @Test
    void theSessionsExecutorDefaultsAreTheNativeEnv() {
        SparkConf conf = Sessions.applyDefaults(new SparkConf(false));
        Map<String, String> env = JvmSettings.nativeEnv(HOME);
        env.forEach((name, value) -> assertEquals(value, conf.get("spark.executorEnv." + name, null), name));
    }

    /** Only conf/jvm.options and the generated blocks spell out the flags; a hand-written copy is a drift. */
    @Test
    void noOtherFileSpellsOutTheOpens() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(HOME)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = HOME.relativize(f).toString();
                if (rel.startsWith("target") || rel.startsWith(".git") || rel.equals("conf/jvm.options")
                        || rel.endsWith("JvmSettingsTest.java") || Files.size(f) > 2_000_000) {
                    continue;
                }
                boolean inside = false;
                int n = 0;
                for (String line : new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).split("\n")) {
                    n++;
                    if (line.contains("BEGIN generated by jobs/sync-jvm-settings.sh")) {
                        inside = true;
                    } else if (line.contains("END generated by jobs/sync-jvm-settings.sh")) {
                        inside = false;
                    } else if (!inside && line.contains("--add-opens=")) {
                        found.add(rel + ":" + n + ": " + line.trim());
                    }
                }
            }
        }
        assertEquals(List.of(), found, "read conf/jvm.options (or generate with jobs/sync-jvm-settings.sh) instead");
    }
}
