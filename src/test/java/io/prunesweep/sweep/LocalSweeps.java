package io.prunesweep.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Small sweeps that need neither Spark nor Fashion-MNIST: a generated CSV dataset (three classes, twelve
 * features, a cluster per class) and specs over it, run through {@link LocalRunner}. A sweep of two candidates
 * takes a few seconds.
 */
final class LocalSweeps {
    private LocalSweeps() {
    }

    /** Writes {@code train.csv} and {@code test.csv} under {@code dir} (once) and returns {@code dir}. */
    static Path data(Path dir) throws IOException {
        Path train = dir.resolve("train.csv");
        if (!Files.isRegularFile(train)) {
            Files.createDirectories(dir);
            Files.writeString(train, rows(360, 1));
            Files.writeString(dir.resolve("test.csv"), rows(120, 2));
        }
        return dir;
    }

    private static String rows(int n, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int label = i % 3;
            sb.append(label);
            for (int f = 0; f < 12; f++) {
                double centre = f % 3 == label ? 1.0 : 0.0;
                sb.append(',').append(String.format(Locale.ROOT, "%.4f", centre + 0.4 * r.nextGaussian()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Writes a spec of magnitude/element candidates at the given sparsities, one fine-tune epoch each (without
     * halving).
     *
     * @param objectives the spec's objectives, e.g. {@code val_accuracy, nonzero_params}
     * @param extra      further top-level YAML (a {@code search:} section), or empty
     */
    static Path spec(Path dir, String name, List<Double> sparsities, String objectives, String extra)
            throws IOException {
        return spec(dir, name, sparsities, objectives, extra, "");
    }

    /**
     * {@link #spec(Path, String, List, String, String)} with further {@code space} keys.
     *
     * @param space YAML lines of the {@code space} section, each indented two spaces and ending in a newline
     *              (e.g. {@code "  maxLayerSparsity: 0.5\n"}), or empty
     */
    static Path spec(Path dir, String name, List<Double> sparsities, String objectives, String extra, String space)
            throws IOException {
        Path data = data(dir.resolve("data"));
        String yaml = """
                name: %s
                seed: 7
                model: {zoo: mlp, epochs: 1, batchSize: 32}
                data: {format: csv, train: %s, test: %s, labelColumn: 0, header: false, validation: 60}
                space:
                  criterion: [magnitude]
                  granularity: [element]
                  scope: [layer]
                  sparsity: [%s]
                %s%s  batchSize: 32
                objectives: [%s]
                %s
                output: %s
                """.formatted(name, data.resolve("train.csv"), data.resolve("test.csv"),
                sparsities.stream().map(String::valueOf).collect(Collectors.joining(", ")),
                // halving sets each rung's epochs itself
                extra.contains("halving") ? "" : "  fineTuneEpochs: [1]\n", space, objectives, extra,
                dir.resolve("out-" + name));
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, yaml);
        return f;
    }
}
