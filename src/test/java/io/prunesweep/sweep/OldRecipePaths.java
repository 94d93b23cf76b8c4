package io.prunesweep.sweep;

import io.prunesweep.data.DataCache;
import io.prunesweep.data.DataSplits;
import io.prunesweep.eval.EvalResult;
import io.prunesweep.eval.Evaluator;
import io.prunesweep.eval.FlopCounter;
import io.prunesweep.eval.FlopStats;
import io.prunesweep.eval.LatencyMeter;
import io.prunesweep.eval.LayerStats;
import io.prunesweep.eval.SizeMetrics;
import io.prunesweep.metric.Footprint;
import io.prunesweep.metric.LayerCount;
import io.prunesweep.metric.Measurements;
import io.prunesweep.model.ModelStore;
import io.prunesweep.model.Net;
import io.prunesweep.prune.PrunePlan;
import io.prunesweep.prune.PruneSettings;
import io.prunesweep.prune.Pruner;
import io.prunesweep.prune.ScheduledPruning;
import io.prunesweep.prune.ScoringContext;
import io.prunesweep.prune.Surgeon;
import io.prunesweep.results.SensitivityRow;
import io.prunesweep.spec.Candidate;
import io.prunesweep.spec.CandidateConfig;
import io.prunesweep.spec.Caps;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.PruneMethod;
import io.prunesweep.spec.ScheduleKind;
import io.prunesweep.spec.Scope;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The candidate and sensitivity-cell work as {@code CandidateJob} and {@code SensitivityJob} did it before
 * {@link PruningRecipe} (commit af0e4af), kept step for step as a test oracle: the recipe must give
 * bit-identical measurements, masks and models for the same inputs. Error handling, row assembly and
 * file-writing order are left out; only what decides a value is kept.
 */
final class OldRecipePaths {
    private OldRecipePaths() {
    }

    /**
     * What the old candidate path measured and saved.
     *
     * @param measurements everything but latency and fine-tune time compare exactly
     * @param achieved     the plan's achieved fraction (a budget row's rewritten target)
     */
    record Done(Measurements measurements, double achieved) {
    }

    /** The old {@code CandidateJob.execute} up to the row, writing the models under {@code dir}. */
    static Done candidate(PreparedSweep p, Candidate c, byte[] initBytes, Map<Integer, Double> ratios, Path dir) {
        CandidateConfig cfg = c.config();
        DataSplits splits = DataCache.get(p.data());
        Net net = ModelStore.fromBytes(p.base().bytes(), "base model");
        Net initial = null;
        if (cfg.schedule().kind().needsInitialWeights()) {
            initial = ModelStore.fromBytes(initBytes, "initial weights");
        }
        long maskSeed = cfg.schedule().kind() == ScheduleKind.LOTTERY_REINIT
                ? Candidate.of(cfg.withSchedule(ScheduleKind.LOTTERY), p.spec().seed(), p.base().fingerprint(),
                        p.splits().fingerprint()).seed()
                : c.seed();
        PruneSettings settings = PruneSettings.forCandidate(cfg, maskSeed, ratios);
        List<DataSet> taylor = ScoringContext.batchesFor(cfg.method().criterion(),
                splits.train().iterator(cfg.fineTune().batchSize(), true, maskSeed));
        long t0 = System.nanoTime();
        long perEpoch = (splits.train().size() + cfg.fineTune().batchSize() - 1) / cfg.fineTune().batchSize();
        ScheduledPruning.Outcome done = ScheduledPruning.run(net, cfg.schedule().kind(), cfg.schedule().rounds(),
                settings, n -> new ScoringContext(n, maskSeed, taylor),
                new ScheduledPruning.Training(splits.train().iterator(cfg.fineTune().batchSize(), true, maskSeed),
                        cfg.fineTune().epochs(), cfg.fineTune().learningRate(), perEpoch),
                initial, c.seed());
        long fineTuneMs = (System.nanoTime() - t0) / 1_000_000;
        if (done.masks().violations(net) != 0) {
            throw new SweepException("mask not held after fine-tuning", 1);
        }
        EvalResult val = Evaluator.evaluate(net, splits.validation().iterator(1024, false, 0));
        if (!Double.isFinite(val.loss())) {
            throw new SweepException("validation loss is " + val.loss() + " after fine-tuning", 1);
        }
        long shrunkParams = -1;
        if (cfg.method().granularity().structured()) {
            Net small = Surgeon.shrink(net, done.plan().removedUnits());
            shrunkParams = small.numParams();
            ModelStore.save(small, Optional.empty(), dir.resolve(c.id() + ".shrunk.zip"));
        }
        ModelStore.save(net, Optional.empty(), dir.resolve(c.id() + ".zip"));
        done.masks().save(dir.resolve(c.id() + ".masks.json"));
        SizeMetrics size = SizeMetrics.of(net);
        FlopStats flops = FlopCounter.count(net, p.input().inputType());
        double latency = LatencyMeter.measure(net,
                splits.validation().head(128).toDataSet().getFeatures(), 3, 9).medianMs();
        List<LayerCount> layers = LayerStats.of(net).stream()
                .map(l -> new LayerCount(l.index(), l.type(), l.params(), l.nonzero())).toList();
        Footprint footprint = new Footprint(size.totalParams(), size.nonzeroParams(), size.denseBytes(),
                size.sparseBytes(), size.zipBytes(), flops.dense(), flops.effective(), shrunkParams, layers);
        return new Done(new Measurements(footprint, val.accuracy(), val.loss(), Double.NaN, latency, fineTuneMs),
                done.plan().achieved());
    }

    /** The old {@code SensitivityJob.execute}. */
    static SensitivityRow cell(PreparedSweep p, String criterion, String granularity, long seed,
                               SensitivityJob.Task t) {
        DataSplits splits = DataCache.get(p.data());
        Net net = ModelStore.fromBytes(p.base().bytes(), "base model");
        CriterionKind c = CriterionKind.parse(criterion);
        Granularity g = Granularity.parse(granularity);
        int batchSize = p.spec().space().fineTune().batchSize();
        List<DataSet> taylor = ScoringContext.batchesFor(c, splits.train().iterator(batchSize, true, seed));
        PruneSettings ps = PruneSettings.of(new PruneMethod(c, g, Scope.LAYER),
                new Caps(p.spec().space().caps().pruneOutputLayer(), 1.0), 0, seed, Map.of(t.layer(), t.ratio()));
        PrunePlan plan = Pruner.plan(net, ps, new ScoringContext(net, seed, taylor));
        plan.masks().applyTo(net);
        EvalResult val = Evaluator.evaluate(net, splits.validation().iterator(1024, false, 0));
        SizeMetrics size = SizeMetrics.of(net);
        long flops = FlopCounter.count(net, p.input().inputType()).effective();
        long params = net.param(t.layer() + "_W").length()
                + (net.param(t.layer() + "_b") == null ? 0 : net.param(t.layer() + "_b").length());
        String type = net.nodes().get(t.layer()).type();
        Footprint dense = p.baseline().measurements().footprint();
        return new SensitivityRow(t.key(), t.layer(), type, params, t.ratio(), criterion, granularity,
                SensitivityRow.OK, "", val.accuracy(), p.baseline().measurements().valAccuracy(),
                dense.nonzeroParams() - size.nonzeroParams(), dense.effectiveFlops() - flops,
                dense.sparseBytes() - size.sparseBytes());
    }
}
