package io.prunesweep.cli;

import io.prunesweep.data.DataSource;
import picocli.CommandLine.Option;

/** Dataset options shared by the commands that read Fashion-MNIST style IDX data. */
final class DataOptions {
    @Option(names = "--data-dir", description = "IDX dataset directory (default: ${DEFAULT-VALUE})",
            defaultValue = DataSource.FASHION_MNIST_DIR)
    String dir;

    @Option(names = "--validation", description = "validation examples carved from the training file (default: ${DEFAULT-VALUE})",
            defaultValue = "5000")
    int validation;

    @Option(names = "--train-limit", description = "use only this many training examples (0 = all)", defaultValue = "0")
    int trainLimit;

    @Option(names = "--test-limit", description = "use only this many test examples (0 = all)", defaultValue = "0")
    int testLimit;

    @Option(names = "--seed", description = "seed for the split, initialisation and shuffling (default: ${DEFAULT-VALUE})",
            defaultValue = "42")
    long seed;

    DataSource source() {
        return DataSource.idxDir(dir, validation, seed).withLimits(trainLimit, testLimit);
    }
}
