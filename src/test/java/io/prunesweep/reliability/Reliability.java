package io.prunesweep.reliability;

import io.prunesweep.data.DataCache;
import io.prunesweep.data.DataSplits;
import io.prunesweep.model.ModelStore;
import io.prunesweep.spec.SpecLoader;
import io.prunesweep.spec.SweepSpec;
import io.prunesweep.sweep.PreparedSweep;
import io.prunesweep.sweep.SweepSetup;
import io.prunesweep.testing.JvmSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Shared helpers of the reliability suite: small specs, the shared base model, processes, result checks. */
final class Reliability {
    static final Path HOME = Path.of("").toAbsolutePath();
    static final Path WORK = HOME.resolve("target/reliability");
    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** The flags every Spark JVM needs on Java 17: conf/jvm.options, the pom's argLine reads the same file. */
    static final List<String> OPENS = JvmSettings.options(HOME);

    private Reliability() {
    }

    static Path fresh(String name) {
        Path p = WORK.resolve(name);
        deleteTree(p);
        try {
            Files.createDirectories(p.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static void deleteTree(Path p) {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                f.toFile().setWritable(true);
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A small sweep spec: Fashion-MNIST, 2000 train / 500 validation / 500 test, 1 fine-tune epoch.
     *
     * @param model      a model zip path, or null for the zoo mlp (1 epoch)
     * @param sparsities the sparsity list, e.g. "0.5, 0.7"
     * @param extraSpace extra lines under space (e.g. "  learningRate: [1000000]"); replaces the default lr
     */
    static Path spec(Path file, String name, Path model, String granularities, String sparsities, String lr) {
        String m = model == null ? "{zoo: mlp, epochs: 1, batchSize: 128, learningRate: 0.001}"
                : "{path: " + model + ", batchSize: 128, learningRate: 0.001}";
        String yaml = """
                name: %s
                seed: 42
                model: %s
                data: {format: idx, dir: %s, validation: 500, trainLimit: 2000, testLimit: 500}
                space:
                  criterion: [magnitude]
                  granularity: [%s]
                  scope: [layer]
                  sparsity: [%s]
                  schedule: [one-shot]
                  fineTuneEpochs: [1]
                  learningRate: [%s]
                  batchSize: 128
                search: {method: grid}
                objectives: [val_accuracy, nonzero_params]
                spark: {parallelism: 2}
                output: %s
                """.formatted(name, m, FASHION, granularities, sparsities, lr, WORK.resolve("unused-" + name));
        write(file, yaml);
        return file;
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base model every reliability sweep prunes: the zoo mlp trained 1 epoch on the small split, once. */
    static synchronized Path baseModel() {
        Path zip = WORK.resolve("base-mlp.zip");
        if (Files.isRegularFile(zip)) {
            return zip;
        }
        Path specFile = spec(WORK.resolve("base-spec.yaml"), "base", null, "element", "0.5", "0.001");
        SweepSpec s = SpecLoader.load(specFile);
        DataSplits splits = DataCache.get(SweepSetup.dataSource(s));
        SweepSetup.TrainedModel t = SweepSetup.train("mlp", 1, 128, 0.001, 42, splits, x -> { });
        ModelStore.save(t.net(), Optional.of(t.sidecar()), zip);
        return zip;
    }

    /** Runs a spec's candidates in this JVM without Spark, the clean reference; returns its output directory. */
    static Path cleanRun(Path specFile, Path out) {
        SweepSpec s = SpecLoader.load(specFile);
        PreparedSweep p = SweepSetup.prepare(s, specFile, out, 1, x -> { });
        for (var c : p.pending()) {
            p.job().run(c, p.base().bytes(), "local", 0);
        }
        return out;
    }

    /** Names of files under results/, temp files included. */
    static List<String> resultFiles(Path out) {
        try (Stream<Path> s = Files.list(out.resolve("results"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The compiled main classes as a jar (what executors load; fresher than a previously packaged jar). */
    static synchronized Path appJar() {
        Path jar = WORK.resolve("prunesweep-app.jar");
        Path classes = HOME.resolve("target/classes");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> s = Files.walk(classes)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    /** The app jar plus its own dependencies, as jobs/local-cluster.sh ships them (--jars). */
    static List<String> appJars() {
        String out = run(List.of(HOME.resolve("jobs/local-cluster.sh").toString(), "app-jars"), Map.of()).trim();
        List<String> jars = new ArrayList<>(Arrays.asList(out.split(",")));
        jars.set(0, appJar().toString()); // the freshly compiled classes instead of a possibly stale package
        return jars;
    }

    /** Runs a short command, returns stdout, fails on non-zero exit. */
    static String run(List<String> cmd, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(HOME.toFile());
            pb.environment().putAll(env);
            Path log = Files.createTempFile(WORK, "cmd", ".log");
            pb.redirectError(log.toFile());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            int rc = p.waitFor();
            if (rc != 0) {
                throw new AssertionError(cmd + " exited " + rc + ": " + out + Files.readString(log));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls until the results directory holds at least {@code n} result files, or the timeout. */
    static boolean awaitResults(Path out, int n, long timeoutMs, java.util.function.BooleanSupplier stillRunning)
            throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            if (resultFiles(out).stream().filter(f -> f.endsWith(".json") && !f.startsWith(".")).count() >= n) {
                return true;
            }
            if (!stillRunning.getAsBoolean()) {
                return false;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
