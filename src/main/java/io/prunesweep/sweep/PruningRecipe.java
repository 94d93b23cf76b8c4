package io.prunesweep.sweep;

import io.prunesweep.data.DataCache;
import io.prunesweep.data.DataSource;
import io.prunesweep.data.DataSplits;
import io.prunesweep.data.LabeledData;
import io.prunesweep.eval.EvalResult;
import io.prunesweep.eval.Evaluator;
import io.prunesweep.metric.TrainedForm;
import io.prunesweep.model.ModelStore;
import io.prunesweep.model.Net;
import io.prunesweep.prune.PrunePlan;
import io.prunesweep.prune.PruneSettings;
import io.prunesweep.prune.Pruner;
import io.prunesweep.prune.ScheduledPruning;
import io.prunesweep.prune.ScoringContext;
import io.prunesweep.prune.Surgeon;
import io.prunesweep.spec.CandidateConfig;
import io.prunesweep.spec.ScheduleKind;
import io.prunesweep.storage.Storage;
import io.prunesweep.storage.StoragePath;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.nd4j.linalg.dataset.DataSet;

/**
 * How one model is pruned: the sequence a sweep candidate ({@link CandidateJob}), a sensitivity cell
 * ({@link SensitivityJob}) and {@code prunesweep prune} all run, so that the three cannot drift apart. A recipe
 * is the settings of one pruning step, the schedule that repeats it, and the fine-tune budget;
 * {@link #run} applies it to a network (collect the Taylor minibatches, run the {@link ScheduledPruning schedule},
 * check that the mask held; one-shot and iterative neuron or channel pruning fine-tune the physically shrunk network,
 * see {@link #trainedForm(Net)}), {@link #evaluate} and {@link io.prunesweep.eval.ModelMeter} measure the result,
 * and {@link Pruned#save} writes the masked model, its masks and, for structured granularity, the shrunk model.
 *
 * <p>The settings' seed orders the training minibatches (for scoring and for fine-tuning) and seeds the scores,
 * so the same recipe on the same network and data gives the same masks and weights.
 *
 * @param settings     one pruning step at the target sparsity ({@link PruneSettings#forCandidate} for a
 *                     candidate, {@link PruneSettings#of} otherwise)
 * @param schedule     when pruning happens relative to fine-tuning
 * @param rounds       rounds of the iterative and lottery schedules, &ge; 1 (ignored by the others)
 * @param epochs       fine-tune epochs over the whole schedule, &ge; 0
 * @param learningRate fine-tune learning rate, passed to the optimizer as given
 * @param batchSize    fine-tune and Taylor minibatch size, &ge; 1
 */
public record PruningRecipe(PruneSettings settings, ScheduleKind schedule, int rounds, int epochs,
                            double learningRate, int batchSize) {

    public PruningRecipe {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(schedule, "schedule");
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be >= 1, found " + rounds);
        }
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= 0, found " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, found " + batchSize);
        }
    }

    /**
     * How a candidate is pruned: its settings ({@link PruneSettings#forCandidate}), schedule and fine-tune budget.
     *
     * @param maskSeed     seed of the scores and of the data order
     * @param budgetRatios per-layer ratios allocated to a budget candidate's budget, else ignored
     */
    public static PruningRecipe forCandidate(CandidateConfig cfg, long maskSeed, Map<Integer, Double> budgetRatios) {
        return new PruningRecipe(PruneSettings.forCandidate(cfg, maskSeed, budgetRatios), cfg.schedule().kind(),
                cfg.schedule().rounds(), cfg.fineTune().epochs(), cfg.fineTune().learningRate(),
                cfg.fineTune().batchSize());
    }

    /** One pruning step without fine-tuning ({@link #pruneOnce}), scoring on minibatches of {@code batchSize}. */
    public static PruningRecipe once(PruneSettings settings, int batchSize) {
        return new PruningRecipe(settings, ScheduleKind.ONE_SHOT, 1, 0, 0, batchSize);
    }

    /**
     * What {@link #run} produced.
     *
     * @param net        the network, pruned and fine-tuned in place (or fine-tuned shrunk and expanded back into
     *                   it), its mask held
     * @param outcome    the schedule's last plan, final masks and the form that was fine-tuned
     * @param fineTuneMs wall time of the schedule (pruning and fine-tuning), without collecting Taylor batches
     */
    public record Pruned(Net net, ScheduledPruning.Outcome outcome, long fineTuneMs) {
        /**
         * The network with the removed neurons or channels physically taken out, for a structured granularity;
         * empty for the others.
         */
        public Optional<Net> shrunk() {
            return outcome.plan().settings().granularity().structured()
                    ? Optional.of(Surgeon.shrink(net, outcome.plan()))
                    : Optional.empty();
        }

        /**
         * Writes the masked model to {@code zip}, its masks to {@code <stem>.masks.json} and the shrunk model, when
         * given, to {@code <stem>.shrunk.zip} next to it ({@code <stem>} is the name without {@code .zip}).
         *
         * @return the masked model zip's length, for measuring the unchanged network without serialising it again
         * @throws java.io.UncheckedIOException when a file cannot be written
         */
        public long save(Path zip, Optional<Net> shrunk) {
            return save(StoragePath.local(zip), shrunk);
        }

        /** {@link #save(Path, Optional)} on any storage (an executor writing to the sweep's directory). */
        public long save(StoragePath zip, Optional<Net> shrunk) {
            shrunk.ifPresent(small -> ModelStore.save(small, Optional.empty(), sibling(zip, ".shrunk.zip")));
            long bytes = ModelStore.save(net, Optional.empty(), zip);
            outcome.masks().save(sibling(zip, ".masks.json"));
            return bytes;
        }
    }

    /**
     * The form this recipe fine-tunes on {@code net}: the physically shrunk network for one-shot and iterative
     * neuron or channel pruning with fine-tuning of a layer-pruned chain
     * ({@link ScheduledPruning#canTrainShrunk(ScheduleKind, io.prunesweep.spec.Granularity, Net)}), which costs only
     * the shrunk network's FLOPs; the masked full-size network otherwise.
     */
    public TrainedForm trainedForm(Net net) {
        return epochs > 0 && ScheduledPruning.canTrainShrunk(schedule, settings.granularity(), net)
                ? TrainedForm.SHRUNK : TrainedForm.MASKED;
    }

    /**
     * Runs the schedule on {@code net} in place, fine-tuning the {@link #trainedForm}, and checks that the final
     * mask holds. {@code net} ends in its masked full-size form either way.
     *
     * @param train      training data: Taylor minibatches and fine-tuning, shuffled with the settings' seed
     * @param initial    the network's initial weights, required by the lottery schedules, else null
     * @param reinitSeed seed of lottery-reinit's fresh initialisation
     * @throws SweepException (exit 1) when a weight the mask removed is nonzero after fine-tuning
     */
    public Pruned run(Net net, LabeledData train, Net initial, long reinitSeed) {
        return run(net, train, initial, reinitSeed, trainedForm(net));
    }

    /**
     * {@link #run(Net, LabeledData, Net, long)} fine-tuning the given form, to compare
     * the two forms of one candidate.
     *
     * @throws io.prunesweep.prune.PruneException when the schedule cannot fine-tune the shrunk form
     */
    public Pruned run(Net net, LabeledData train, Net initial, long reinitSeed,
                      TrainedForm form) {
        long seed = settings.seed();
        List<DataSet> taylor = taylorBatches(train);
        long t0 = System.nanoTime();
        long perEpoch = (train.size() + batchSize - 1) / batchSize;
        ScheduledPruning.Outcome done = ScheduledPruning.run(net, schedule, rounds, settings,
                n -> new ScoringContext(n, seed, taylor),
                new ScheduledPruning.Training(train.fitIterator(batchSize, true, seed), epochs, learningRate, perEpoch),
                initial, reinitSeed, form);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (done.masks().violations(net) != 0) {
            throw new SweepException("mask not held after fine-tuning", 1);
        }
        return new Pruned(net, done, ms);
    }

    /**
     * One pruning step at the settings' sparsity on {@code net} in place, without the schedule and without
     * fine-tuning: a sensitivity cell, or how much pruning alone costs before fine-tuning repairs it.
     */
    public PrunePlan pruneOnce(Net net, LabeledData train) {
        PrunePlan plan = Pruner.plan(net, settings, new ScoringContext(net, settings.seed(), taylorBatches(train)));
        plan.masks().applyTo(net);
        return plan;
    }

    private List<DataSet> taylorBatches(LabeledData train) {
        return ScoringContext.batchesFor(settings.criterion(), train.iterator(batchSize, true, settings.seed()));
    }

    /** Accuracy and loss of {@code net} on {@code data}, in minibatches of 1024 in order. */
    public static EvalResult evaluate(Net net, LabeledData data) {
        return Evaluator.evaluate(net, data.iterator(1024, false, 0));
    }

    /**
     * The base model as an executor rebuilds it from the bytes the driver shipped, checked against the driver's
     * parameter count.
     *
     * @throws SweepException (exit 1) when the parameter count differs
     */
    public static Net rebuild(byte[] modelBytes, long baseParams) {
        Net net = ModelStore.fromBytes(modelBytes, "base model");
        if (net.numParams() != baseParams) {
            throw new SweepException("rebuilt base model has " + net.numParams() + " parameters, expected "
                    + baseParams, 1);
        }
        return net;
    }

    /**
     * The base model's initial weights when the schedule rewinds to them (null otherwise).
     *
     * @param initBytes the weights as shipped; null or empty when the sweep has none
     * @throws SweepException (exit 1) when the schedule needs them and there are none
     */
    public static Net initialWeights(ScheduleKind schedule, byte[] initBytes) {
        if (!schedule.needsInitialWeights()) {
            return null;
        }
        if (initBytes == null || initBytes.length == 0) {
            throw new SweepException("schedule " + schedule.id() + " needs the base model's initial weights, which "
                    + "this sweep does not have", 1);
        }
        return ModelStore.fromBytes(initBytes, "initial weights");
    }

    /**
     * The data as this executor reads it, checked against the driver's fingerprint. The driver has read and
     * fingerprinted the same files before fan-out, so failing to read them here, or reading other bytes, is a
     * fault of this executor ({@link TransientFailure}), not of the candidate. {@code storage} carries the
     * driver's Hadoop settings, so data on HDFS or S3 is read here as the driver read it.
     */
    public static DataSplits executorData(DataSource data, Storage storage, String dataFingerprint, String executor) {
        DataSplits splits;
        try {
            splits = DataCache.get(data, storage);
        } catch (RuntimeException e) {
            throw new TransientFailure("the executor " + executor + " cannot read the data the driver read ("
                    + data.displayName() + "): " + TransientFailure.reason(e), e);
        }
        if (!splits.fingerprint().equals(dataFingerprint)) {
            throw new TransientFailure("the data read by the executor " + executor + " (" + data.displayName()
                    + ") has fingerprint " + splits.fingerprint() + " but the driver saw " + dataFingerprint
                    + ": executors must see the same files");
        }
        return splits;
    }

    /** {@code <stem><suffix>} next to {@code zip}, where the stem is the file name without {@code .zip}. */
    static Path sibling(Path zip, String suffix) {
        return zip.resolveSibling(siblingName(zip.getFileName().toString(), suffix));
    }

    private static StoragePath sibling(StoragePath zip, String suffix) {
        return zip.resolveSibling(siblingName(zip.name(), suffix));
    }

    private static String siblingName(String zipName, String suffix) {
        return (zipName.endsWith(".zip") ? zipName.substring(0, zipName.length() - 4) : zipName) + suffix;
    }
}
