package io.prunesweep.bench;

import io.prunesweep.data.DataCache;
import io.prunesweep.data.DataSource;
import io.prunesweep.data.DataSplits;
import io.prunesweep.model.ModelStore;
import io.prunesweep.spec.SpecLoader;
import io.prunesweep.sweep.PreparedSweep;
import io.prunesweep.sweep.SweepSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What every section of one benchmark run shares: the output directory (with its {@code work/} scratch
 * space), the mode, the progress log, the data slice and one trained base model, and the small sweep specs
 * the sections generate over that model.
 *
 * @param dir   the report directory (absolute)
 * @param quick CI-size inputs: the code paths run, the numbers mean nothing
 * @param log   progress lines
 */
public record Workbench(Path dir, boolean quick, Consumer<String> log) {
    public Workbench {
        dir = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir.resolve("work"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the benchmark directory " + dir, e);
        }
    }

    /** A path under the scratch directory. */
    public Path work(String name) {
        return dir.resolve("work").resolve(name);
    }

    /** The Fashion-MNIST slice the sections use: a CI-size one in quick mode. */
    public DataSource data() {
        DataSource d = DataSource.idxDir(DataSource.FASHION_MNIST_DIR, quick ? 500 : 5000, 42);
        return quick ? d.withLimits(2000, 500) : d;
    }

    /** One trained LeNet-300-100 shared by every sweep of the benchmark, so no timed run pays for training. */
    public Path baseModel() {
        Path zip = work("base-mlp.zip");
        if (!Files.isRegularFile(zip)) {
            DataSplits s = DataCache.get(data());
            var t = SweepSetup.train("mlp", quick ? 1 : 3, 128, 0.002, 42, s, log);
            ModelStore.save(t.net(), Optional.of(t.sidecar()), zip);
        }
        return zip;
    }

    /**
     * Writes a sweep spec over the base model: magnitude/element pruning at the given sparsities, each
     * candidate fine-tuned for one epoch.
     *
     * @param data the data slice the sweep reads (validation size and limits are taken from it)
     */
    public Path spec(String name, Path modelZip, List<Double> sparsities, DataSource data) {
        StringBuilder sp = new StringBuilder();
        for (double s : sparsities) {
            sp.append(sp.length() == 0 ? "" : ", ").append(s);
        }
        String yaml = String.format(Locale.ROOT, """
                name: %s
                seed: 42
                model: {path: %s}
                data: {format: idx, dir: %s, validation: %d, trainLimit: %d, testLimit: %d}
                space:
                  criterion: [magnitude]
                  granularity: [element]
                  sparsity: [%s]
                  fineTuneEpochs: [1]
                objectives: [val_accuracy, nonzero_params]
                """, name, modelZip, DataSource.FASHION_MNIST_DIR, data.validationSize(), data.trainLimit(),
                data.testLimit(), sp);
        Path f = work(name + ".yaml");
        try {
            Files.writeString(f, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f, e);
        }
        return f;
    }

    /** The first {@code n} of eight spread-out sparsities, over the benchmark's data slice. */
    public Path spec(String name, Path modelZip, int n) {
        List<Double> all = List.of(0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98);
        return spec(name, modelZip, all.subList(0, n), data());
    }

    /** Prepares a fresh sweep of {@code spec} into {@code work/runs/<outName>} (one native thread per task). */
    public PreparedSweep prepare(Path spec, String outName) {
        Path out = work("runs/" + outName);
        deleteTree(out);
        return SweepSetup.prepare(SpecLoader.load(spec), spec, out, 1, l -> { });
    }

    /** Deletes a directory tree if it exists. */
    public static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p, e);
        }
    }

    /** The {@code java} binary of this JVM, for child processes. */
    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
