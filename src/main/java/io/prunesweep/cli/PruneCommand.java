package io.prunesweep.cli;

import io.prunesweep.data.DataCache;
import io.prunesweep.data.DataSplits;
import io.prunesweep.eval.EvalResult;
import io.prunesweep.eval.SizeMetrics;
import io.prunesweep.metric.Measurements;
import io.prunesweep.metric.TrainedForm;
import io.prunesweep.model.InputSpec;
import io.prunesweep.model.ModelStore;
import io.prunesweep.model.Net;
import io.prunesweep.prune.PruneException;
import io.prunesweep.prune.PruneSettings;
import io.prunesweep.prune.Pruner;
import io.prunesweep.spec.BlockShape;
import io.prunesweep.spec.Caps;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.NmPattern;
import io.prunesweep.spec.PruneMethod;
import io.prunesweep.spec.ScheduleKind;
import io.prunesweep.spec.Scope;
import io.prunesweep.sweep.PruningRecipe;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code prunesweep prune}: prunes one model with a schedule, fine-tunes it with the mask held, and reports. The
 * pruning is the {@link PruningRecipe} a sweep candidate runs, made from the options instead of a spec.
 */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Prune a model, fine-tune it with the mask held, and print accuracy and sizes before/after.")
final class PruneCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "base model zip")
    Path model;

    @Option(names = "--criterion", defaultValue = "magnitude", description = "magnitude, random, l1, l2, taylor, "
            + "bn (batch-norm |gamma|, neuron/channel granularity)")
    String criterion;

    @Option(names = "--granularity", defaultValue = "element", description = "element, neuron, channel, nm, block")
    String granularity;

    @Option(names = "--schedule", defaultValue = "one-shot",
            description = "one-shot, iterative, gradual, lottery, lottery-reinit (lottery needs --init)")
    String schedule;

    @Option(names = "--rounds", defaultValue = "3", description = "rounds of iterative and lottery schedules")
    int rounds;

    @Option(names = "--nm", defaultValue = "2:4", description = "N:M pattern for --granularity nm (implies the sparsity)")
    String nm;

    @Option(names = "--block", defaultValue = "4x1", description = "block shape RxC for --granularity block")
    String block;

    @Option(names = "--init", description = "the model's initial weights (zip), for the lottery schedules")
    Path init;

    @Option(names = "--scope", defaultValue = "layer", description = "layer or global")
    String scope;

    @Option(names = "--sparsity", defaultValue = "0.9", description = "fraction to remove, in [0, 1)")
    double sparsity;

    @Option(names = "--fine-tune-epochs", defaultValue = "1",
            description = "fine-tune epochs with the mask held, in total over the schedule's rounds")
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
        Granularity g = parse(() -> Granularity.parse(granularity), "--granularity");
        NmPattern pattern = parse(() -> NmPattern.parse(nm), "--nm");
        ScheduleKind kind = parse(() -> ScheduleKind.parse(schedule), "--schedule");
        if (rounds < 1) {
            throw new PruneException("--rounds must be >= 1");
        }
        if (epochs < 0) {
            throw new PruneException("--fine-tune-epochs must be >= 0, found " + epochs);
        }
        if (batchSize < 1) {
            throw new PruneException("--batch-size must be >= 1, found " + batchSize);
        }
        if (kind.needsInitialWeights() && init == null) {
            throw new PruneException("--schedule " + kind.id()
                    + " rewinds to the initial weights: give them with --init (a zoo model's <name>.init.zip)");
        }
        if (g == Granularity.NM) {
            sparsity = pattern.sparsity();
        }
        CriterionKind c = parse(() -> CriterionKind.parse(criterion), "--criterion");
        Scope sc = parse(() -> Scope.parse(scope), "--scope");
        BlockShape shape = parse(() -> BlockShape.parse(block), "--block");
        PruneMethod method = new PruneMethod(c, g, sc, g == Granularity.NM ? pattern : null,
                g == Granularity.BLOCK ? shape : null);
        PruneSettings s = PruneSettings.of(method, new Caps(false, 0.99), sparsity, data.seed, null);
        PruningRecipe recipe = new PruningRecipe(s, kind, rounds, epochs, lr, batchSize);
        Net net = ModelStore.load(model).net();
        // a granularity or criterion the model cannot take is refused before reading any data
        Pruner.check(net, s.granularity(), s.criterion(), s.pruneOutputLayer());
        DataSplits splits = DataCache.get(data.source());
        InputSpec.requireFits(net, splits.train(), model.toString());
        EvalResult before = PruningRecipe.evaluate(net, splits.test());
        SizeMetrics sizeBefore = SizeMetrics.of(net);
        String pruned = "";
        if (kind == ScheduleKind.ONE_SHOT) {
            // what pruning alone costs, before fine-tuning repairs it
            Net once = net.copy();
            recipe.pruneOnce(once, splits.train());
            pruned = String.format("%.2f%%", 100 * PruningRecipe.evaluate(once, splits.test()).accuracy());
        }
        Net initial = init == null ? null : ModelStore.load(init).net();
        PruningRecipe.Pruned done = recipe.run(net, splits.train(), initial, data.seed);
        EvalResult after = PruningRecipe.evaluate(net, splits.test());
        SizeMetrics sizeAfter = SizeMetrics.of(net);
        double achieved = done.outcome().plan().achieved();
        System.out.printf("%s %s %s pruning to %.0f%%, achieved %.1f%%%s (%s, %d step(s)), fine-tuned %d epoch(s)%s "
                        + "in %d ms (mask held: %d violations)%n", s.criterion().id(), s.granularity().id(),
                s.scope().id(), 100 * sparsity, 100 * achieved,
                // structured layers keep at least one unit, and no layer loses more than maxLayerSparsity
                Measurements.capped(sparsity, achieved) ? " (capped by the per-layer limits)" : "", kind.id(), done.outcome().steps(), epochs,
                done.outcome().form() == TrainedForm.SHRUNK ? " shrunk" : "", done.fineTuneMs(),
                done.outcome().masks().violations(net));
        System.out.printf("%-22s %12s %12s %12s%n", "", "dense", "pruned", "fine-tuned");
        System.out.printf("%-22s %11.2f%% %12s %11.2f%%%n", "test accuracy", 100 * before.accuracy(), pruned,
                100 * after.accuracy());
        System.out.printf("%-22s %12d %12s %12d%n", "nonzero params", sizeBefore.nonzeroParams(), "",
                sizeAfter.nonzeroParams());
        System.out.printf("%-22s %12d %12s %12d%n", "dense bytes", sizeBefore.denseBytes(), "", sizeAfter.denseBytes());
        System.out.printf("%-22s %12d %12s %12d%n", "sparse bytes", sizeBefore.sparseBytes(), "", sizeAfter.sparseBytes());
        System.out.printf("%-22s %12d %12s %12d%n", "zip bytes", sizeBefore.zipBytes(), "", sizeAfter.zipBytes());
        // a cap that kept units the ratio asked for is said, not hidden in the sparsity
        done.outcome().plan().capped().forEach(line -> System.out.println("capped: " + line));
        Optional<Net> shrunk = done.shrunk();
        shrunk.ifPresent(small -> System.out.printf("%-22s %12d %12s %12d%n", "shrunk params", net.numParams(), "",
                small.numParams()));
        if (out != null) {
            done.save(out, shrunk);
            System.out.println("wrote " + out);
        }
        return 0;
    }

    private static <T> T parse(Supplier<T> p, String option) {
        try {
            return p.get();
        } catch (IllegalArgumentException e) {
            throw new PruneException(option + ": " + e.getMessage());
        }
    }
}
