package io.prunesweep.sweep;

import io.prunesweep.data.DataSource;
import io.prunesweep.data.DataSplits;
import io.prunesweep.eval.EvalResult;
import io.prunesweep.eval.ModelMeter;
import io.prunesweep.metric.Footprint;
import io.prunesweep.model.InputSpec;
import io.prunesweep.model.Net;
import io.prunesweep.prune.Prunable;
import io.prunesweep.prune.PruneSettings;
import io.prunesweep.results.Json;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.SensitivityRow;
import io.prunesweep.spec.Caps;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.PruneMethod;
import io.prunesweep.spec.Scope;
import io.prunesweep.storage.StoragePath;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * One cell of the sensitivity table, run on an executor: rebuild the base model, prune only the task's layer (or
 * unit group, see {@link Prunable}) to the task's ratio (layer scope, {@link PruneSettings#layerSparsity()} =
 * {layer: ratio}, every other layer 0) with
 * {@link PruningRecipe#pruneOnce}, evaluate on validation without fine-tuning, measure its
 * {@link ModelMeter#footprint footprint} against the dense baseline's, and write
 * {@code <out>/sensitivity/<key>.json} atomically. Like {@link CandidateJob} it holds only small values; the model
 * arrives as broadcast bytes and the data from the per-JVM cache. A cell that fails for a reason of its own
 * becomes a failed row; a failure of where it ran propagates ({@link TransientFailure#of}) so Spark retries it.
 */
public final class SensitivityJob implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * One (layer, ratio) cell to measure.
     *
     * @param layer layer index, or unit group id ({@link Prunable#index})
     * @param ratio ratio in (0, 1)
     * @param key   result file stem
     */
    public record Task(int layer, double ratio, String key) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private final DataSource data;
    private final StoragePath outDir;
    private final InputSpec input;
    private final long baseParams;
    private final String dataFingerprint;
    private final int threadsPerTask;
    private final String criterion;
    private final String granularity;
    private final boolean pruneOutputLayer;
    private final long seed;
    private final int batchSize;
    private final ResultRow dense;

    /**
     * @param p           the prepared sweep (its data, output, base model and dense baseline)
     * @param criterion   criterion id
     * @param granularity granularity id
     * @param seed        scoring seed (random criterion, Taylor minibatches)
     */
    SensitivityJob(PreparedSweep p, String criterion, String granularity, long seed, int threadsPerTask) {
        this.data = p.data();
        this.outDir = p.store().root();
        this.input = p.input();
        this.baseParams = p.base().net().numParams();
        this.dataFingerprint = p.splits().fingerprint();
        this.threadsPerTask = threadsPerTask;
        this.criterion = criterion;
        this.granularity = granularity;
        this.pruneOutputLayer = p.spec().space().caps().pruneOutputLayer();
        this.seed = seed;
        this.batchSize = p.spec().space().fineTune().batchSize();
        this.dense = p.baseline();
    }

    /** Where the data comes from: the key of the per-JVM cache that a runner may fill first (shipped tables). */
    public DataSource data() {
        return data;
    }

    /** {@code <out>/sensitivity/}. */
    public static StoragePath dir(StoragePath out) {
        return out.resolve("sensitivity");
    }

    /** Measures one cell and writes its file; returns the row. */
    public SensitivityRow run(Task t, byte[] modelBytes) {
        ThreadPolicy.apply(threadsPerTask);
        SensitivityRow row;
        try {
            row = execute(t, modelBytes);
        } catch (RuntimeException | Error e) {
            Optional<RuntimeException> retry = TransientFailure.of(e, "sensitivity cell " + t.key());
            if (retry.isPresent()) {
                throw retry.get();
            }
            row = new SensitivityRow(t.key(), t.layer(), "", -1, t.ratio(), criterion, granularity,
                    SensitivityRow.FAILED, TransientFailure.reason(e), Double.NaN, dense.measurements().valAccuracy(),
                    -1, -1, -1);
        }
        StoragePath file = dir(outDir).resolve(t.key() + ".json");
        try {
            file.write(Json.pretty(row));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return row;
    }

    private SensitivityRow execute(Task t, byte[] modelBytes) {
        DataSplits splits = PruningRecipe.executorData(data, outDir.storage(), dataFingerprint, "running sensitivity cell " + t.key());
        Net net = PruningRecipe.rebuild(modelBytes, baseParams);
        PruneMethod method = new PruneMethod(CriterionKind.parse(criterion), Granularity.parse(granularity),
                Scope.LAYER);
        PruneSettings ps = PruneSettings.of(method, new Caps(pruneOutputLayer, 1.0), 0, seed,
                Map.of(t.layer(), t.ratio()));
        PruningRecipe.once(ps, batchSize).pruneOnce(net, splits.train());
        EvalResult val = PruningRecipe.evaluate(net, splits.validation());
        Footprint pruned = ModelMeter.footprint(net, input.inputType(), -1);
        Footprint base = dense.measurements().footprint();
        Prunable target = Prunable.of(net, method.granularity(), pruneOutputLayer, t.layer());
        return new SensitivityRow(t.key(), t.layer(), target.label(), target.params(), t.ratio(), criterion,
                granularity, SensitivityRow.OK, "", val.accuracy(), dense.measurements().valAccuracy(),
                base.nonzeroParams() - pruned.nonzeroParams(), base.effectiveFlops() - pruned.effectiveFlops(),
                base.sparseBytes() - pruned.sparseBytes());
    }
}
