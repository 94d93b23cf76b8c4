package io.prunesweep.cli;

import io.prunesweep.data.DataCache;
import io.prunesweep.data.DataSplits;
import io.prunesweep.model.ModelStore;
import io.prunesweep.sweep.SweepSetup;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code prunesweep train}: trains a zoo model and writes its zip and JSON sidecar. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a base model from the zoo.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--model", description = "zoo model: mlp (LeNet-300-100) or cnn (LeNet-5 style)", defaultValue = "mlp")
    String model;

    @Option(names = "--epochs", description = "training epochs (default: ${DEFAULT-VALUE})", defaultValue = "3")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "128", description = "minibatch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.002", description = "initial Adam learning rate, halved every epoch (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--out", description = "model zip to write (default: models/<model>.zip)")
    Path out;

    @Mixin
    DataOptions data = new DataOptions();

    @Override
    public Integer call() {
        DataSplits splits = DataCache.get(data.source());
        var t = SweepSetup.train(model, epochs, batchSize, lr, data.seed, splits, System.out::println);
        Path zip = out != null ? out : Path.of("models", model + ".zip");
        ModelStore.save(t.net(), Optional.of(t.sidecar()), zip);
        System.out.println("wrote " + zip + " and " + ModelStore.sidecarPath(zip));
        return 0;
    }
}
