package io.prunesweep.cli;

import io.prunesweep.data.DataCache;
import io.prunesweep.data.DataSplits;
import io.prunesweep.eval.Evaluator;
import io.prunesweep.eval.SizeMetrics;
import io.prunesweep.model.InputSpec;
import io.prunesweep.model.ModelStore;
import io.prunesweep.prune.FineTuner;
import io.prunesweep.prune.PrunePlan;
import io.prunesweep.prune.PruneSettings;
import io.prunesweep.prune.Pruner;
import io.prunesweep.prune.ScoringContext;
import io.prunesweep.prune.Surgeon;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.Scope;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code prunesweep prune}: prunes one model once, fine-tunes it with the mask held, and reports. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Prune a model, fine-tune it with the mask held, and print accuracy and sizes before/after.")
final class PruneCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "base model zip")
    Path model;

    @Option(names = "--criterion", defaultValue = "magnitude", description = "magnitude, random, l1, l2, taylor")
    String criterion;

    @Option(names = "--granularity", defaultValue = "element", description = "element, neuron, channel")
    String granularity;

    @Option(names = "--scope", defaultValue = "layer", description = "layer or global")
    String scope;

    @Option(names = "--sparsity", defaultValue = "0.9", description = "fraction to remove, in [0, 1)")
    double sparsity;

    @Option(names = "--fine-tune-epochs", defaultValue = "1", description = "fine-tune epochs with the mask held")
    int epochs;

    @Option(names = "--lr", defaultValue = "0.001", description = "fine-tune learning rate")
    double lr;

    @Option(names = "--batch-size", defaultValue = "128")
    int batchSize;

    @Option(names = "--out", description = "write the pruned model zip (and masks, and the shrunk model for neuron/channel)")
    Path out;

    @Mixin
    DataOptions data = new DataOptions();

    @Override
    public Integer call() {
        PruneSettings s = new PruneSettings(parse(() -> CriterionKind.parse(criterion), "--criterion"),
                parse(() -> Granularity.parse(granularity), "--granularity"), parse(() -> Scope.parse(scope), "--scope"),
                sparsity, false, 0.99, data.seed);
        var loaded = ModelStore.load(model);
        MultiLayerNetwork net = loaded.net();
        DataSplits splits = DataCache.get(data.source());
        splits.requireWidth(InputSpec.of(net).width(), model.toString());
        var before = Evaluator.evaluate(net, splits.test().iterator(1024, false, 0));
        SizeMetrics sizeBefore = SizeMetrics.of(net);
        List<DataSet> taylor = new ArrayList<>();
        if (s.criterion() == CriterionKind.TAYLOR) {
            DataSetIterator it = splits.train().iterator(batchSize, true, data.seed);
            for (int i = 0; i < 8 && it.hasNext(); i++) {
                taylor.add(it.next());
            }
        }
        PrunePlan plan = Pruner.plan(net, s, new ScoringContext(net, data.seed, taylor));
        plan.masks().applyTo(net);
        var pruned = Evaluator.evaluate(net, splits.test().iterator(1024, false, 0));
        long t0 = System.nanoTime();
        FineTuner.fineTune(net, splits.train().iterator(batchSize, true, data.seed), epochs, lr, plan.masks());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        var after = Evaluator.evaluate(net, splits.test().iterator(1024, false, 0));
        SizeMetrics sizeAfter = SizeMetrics.of(net);
        System.out.printf("%s %s %s pruning to %.0f%%, fine-tuned %d epoch(s) in %d ms (mask held: %d violations)%n",
                s.criterion().id(), s.granularity().id(), s.scope().id(), 100 * sparsity, epochs, ms,
                plan.masks().violations(net));
        System.out.printf("%-22s %12s %12s %12s%n", "", "dense", "pruned", "fine-tuned");
        System.out.printf("%-22s %11.2f%% %11.2f%% %11.2f%%%n", "test accuracy", 100 * before.accuracy(),
                100 * pruned.accuracy(), 100 * after.accuracy());
        System.out.printf("%-22s %12d %12s %12d%n", "nonzero params", sizeBefore.nonzeroParams(), "",
                sizeAfter.nonzeroParams());
        System.out.printf("%-22s %12d %12s %12d%n", "dense bytes", sizeBefore.denseBytes(), "", sizeAfter.denseBytes());
        System.out.printf("%-22s %12d %12s %12d%n", "sparse bytes", sizeBefore.sparseBytes(), "", sizeAfter.sparseBytes());
        System.out.printf("%-22s %12d %12s %12d%n", "zip bytes", sizeBefore.zipBytes(), "", sizeAfter.zipBytes());
        if (s.granularity().structured()) {
            MultiLayerNetwork small = Surgeon.shrink(net, plan.removedUnits());
            System.out.printf("%-22s %12d %12s %12d%n", "shrunk params", net.numParams(), "", small.numParams());
            if (out != null) {
                ModelStore.save(small, Optional.empty(), sibling(out, ".shrunk.zip"));
            }
        }
        if (out != null) {
            ModelStore.save(net, Optional.empty(), out);
            plan.masks().save(sibling(out, ".masks.json"));
            System.out.println("wrote " + out);
        }
        return 0;
    }

    private static Path sibling(Path zip, String suffix) {
        String n = zip.getFileName().toString();
        return zip.resolveSibling((n.endsWith(".zip") ? n.substring(0, n.length() - 4) : n) + suffix);
    }

    private static <T> T parse(java.util.function.Supplier<T> p, String option) {
        try {
            return p.get();
        } catch (IllegalArgumentException e) {
            throw new io.prunesweep.prune.PruneException(option + ": " + e.getMessage());
        }
    }
}
