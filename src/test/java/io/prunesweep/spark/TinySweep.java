package io.prunesweep.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Writes small real sweep specs (a slice of Fashion-MNIST, 1-epoch base model) for Spark tests. */
final class TinySweep {
    private TinySweep() {
    }

    static final String FASHION = "/usr/share/datasets/fashion-mnist";

    static Path spec(Path dir, String name, List<String> criteria, List<String> granularities, List<Double> sparsities,
                     List<Double> learningRates) {
        String yaml = """
                name: %s
                seed: 7
                model: {zoo: mlp, epochs: 1, batchSize: 64}
                data: {format: idx, dir: %s, validation: 300, trainLimit: 1200, testLimit: 300}
                space:
                  criterion: [%s]
                  granularity: [%s]
                  scope: [layer]
                  sparsity: [%s]
                  fineTuneEpochs: [1]
                  learningRate: [%s]
                  batchSize: 64
                objectives: [val_accuracy, nonzero_params]
                output: %s
                """.formatted(name, FASHION, String.join(", ", criteria), String.join(", ", granularities),
                sparsities.stream().map(String::valueOf).collect(Collectors.joining(", ")),
                learningRates.stream().map(String::valueOf).collect(Collectors.joining(", ")),
                dir.resolve("out-" + name));
        try {
            Path f = dir.resolve(name + ".yaml");
            Files.writeString(f, yaml);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
