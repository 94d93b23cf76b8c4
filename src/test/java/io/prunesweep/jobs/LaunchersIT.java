package io.prunesweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.testing.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers as a user runs them after {@code mvn package}: {@code jobs/prunesweep} with the built jar
 * and target/lib, and {@code jobs/submit-sweep.sh} through spark-submit's own entry point on a local
 * master. (jobs/local-cluster.sh is exercised by ClusterFaultIT, jobs/scheduled-sweep.sh by
 * ScheduledSweepScriptTest, jobs/run-notebooks.sh's runner by NotebooksIT.)
 */
class LaunchersIT {
    private static final Path HOME = Path.of("").toAbsolutePath();

    @BeforeAll
    static void built() {
        Prerequisites.requireFashionMnist();
        assertTrue(Files.isDirectory(HOME.resolve("target/lib")), "mvn package ran before the ITs");
    }

    private static String run(Path log, java.util.Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(HOME.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("PRUNESWEEP_CLASSPATH");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), String.join(" ", cmd) + " finished");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return out;
    }

    private static Path spec(Path dir) throws IOException {
        Path f = dir.resolve("launch.yaml");
        Files.writeString(f, """
                name: launch
                seed: 5
                model: {zoo: mlp, epochs: 1, batchSize: 64}
                data: {format: idx, dir: /usr/share/datasets/fashion-mnist, validation: 300, trainLimit: 1500, testLimit: 300}
                space: {criterion: [magnitude], granularity: [element, neuron], sparsity: [0.8]}
                """);
        return f;
    }

    @Test
    void localLauncherRunsASweepWithTheBuiltJar(@TempDir Path dir) throws Exception {
        String help = run(dir.resolve("help.log"), java.util.Map.of(), "jobs/prunesweep", "sweep", "--help");
        assertTrue(help.contains("--spec"), help);
        Path out = dir.resolve("out");
        String log = run(dir.resolve("local.log"), java.util.Map.of(), "jobs/prunesweep", "sweep", "--spec",
                spec(dir).toString(), "--out", out.toString(), "--master", "local[2]");
        assertTrue(log.contains("2 to run on local[2]"), log);
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
        try (var s = Files.list(out.resolve("results"))) {
            assertEquals(2, s.count());
        }
    }

    @Test
    void submitWrapperRunsASweepThroughSparkSubmit(@TempDir Path dir) throws Exception {
        Path sparkHome = dir.resolve("spark-home");
        Files.createDirectories(sparkHome.resolve("jars"));
        List<Path> jars = new ArrayList<>();
        try (var s = Files.list(HOME.resolve("target/lib"))) {
            s.forEach(jars::add);
        }
        for (Path j : jars) {
            Files.createSymbolicLink(sparkHome.resolve("jars").resolve(j.getFileName()), j);
        }
        Path out = dir.resolve("out");
        String log = run(dir.resolve("submit.log"), java.util.Map.of("SPARK_HOME", sparkHome.toString()),
                "jobs/submit-sweep.sh", "--master", "local[2]", "--", "sweep", "--spec", spec(dir).toString(),
                "--out", out.toString());
        assertTrue(log.contains("2 to run on local[2]"), log);
        assertTrue(log.contains("Pareto front"), log);
        try (var s = Files.list(out.resolve("results"))) {
            assertEquals(2, s.count());
        }
    }
}
