package io.prunesweep.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.prunesweep.data.LabeledData;
import io.prunesweep.eval.Evaluator;
import io.prunesweep.model.InputSpec;
import io.prunesweep.model.ModelZoo;
import io.prunesweep.model.Net;
import io.prunesweep.prune.Topology.PrunableLayer;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.Scope;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fine-tune speed-up (one flat mask multiply, bulk-copied minibatches, primitive selection) must not
 * change a single bit: a seeded prune and fine-tune of the zoo MLP through the production path is compared
 * with the same run through the replaced implementations ({@link OldPaths}, and the old element-by-element
 * minibatch construction below), parameter for parameter, Adam state included.
 */
class FineTuneEquivalenceTest {
    private static final int WIDTH = 40;
    private static final int CLASSES = 10;
    private static final int BATCH = 32;

    /** Synthetic examples whose label follows the features, so fine-tuning moves the weights. */
    private static LabeledData data(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * WIDTH];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < WIDTH; j++) {
                x[i * WIDTH + j] = (float) r.nextDouble();
                s += (j % CLASSES) * x[i * WIDTH + j];
            }
            y[i] = (int) (s * 7) % CLASSES;
        }
        return new LabeledData("synthetic", x, y, WIDTH, CLASSES, null);
    }

    /** The former LabeledData.slice in stored order: a float[] per batch handed to Nd4j.create. */
    private static DataSetIterator oldBatches(LabeledData d) {
        List<DataSet> out = new ArrayList<>();
        for (int from = 0; from < d.size(); from += BATCH) {
            int n = Math.min(BATCH, d.size() - from);
            float[] f = new float[n * WIDTH];
            float[] oneHot = new float[n * CLASSES];
            for (int row = 0; row < n; row++) {
                System.arraycopy(d.features(), (from + row) * WIDTH, f, row * WIDTH, WIDTH);
                oneHot[row * CLASSES + d.label(from + row)] = 1f;
            }
            out.add(new DataSet(Nd4j.create(f, new long[] {n, WIDTH}, DataType.FLOAT),
                    Nd4j.create(oneHot, new long[] {n, CLASSES}, DataType.FLOAT)));
        }
        return new ExistingDataSetIterator(out);
    }

    /** The former FineTuner loop with the per-parameter enforcer. */
    private static void oldFineTune(MultiLayerNetwork net, DataSetIterator train, int epochs, double lr,
                                    MaskSet masks) {
        OldPaths.applyPerParam(masks, net);
        List<TrainingListener> before = new ArrayList<>(net.getListeners());
        net.setListeners(new OldPaths.PerParamEnforcer(masks));
        net.setLearningRate(lr);
        for (int e = 0; e < epochs; e++) {
            if (!train.hasNext()) {
                train.reset();
            }
            net.fit(train);
        }
        net.setListeners(before);
    }

    /** Layer-scope selection as before: per target layer the k lowest scores by the boxed sort. */
    private static MaskSet oldPlan(MultiLayerNetwork net, PruneSettings s, Granularity g) {
        ScoringContext ctx = new ScoringContext(Net.of(net), s.seed(), List.of());
        Criterion criterion = Criterion.of(s.criterion());
        List<ParamMask> masks = new ArrayList<>();
        for (PrunableLayer l : Topology.of(Net.of(net)).targets(g, false)) {
            float[] sc = criterion.score(ctx, l, g);
            int cap = (int) Math.floor(s.maxLayerSparsity() * sc.length + 1e-9);
            int k = (int) Math.min(Math.round(s.sparsity() * sc.length), g.structured() ? Math.min(cap, sc.length - 1) : cap);
            int[] removed = OldPaths.lowest(sc, k);
            INDArray w = net.getParam(l.weightKey());
            BitSet kept = ParamMask.all(l.weightKey(), w.shape()).keptBits();
            if (g == Granularity.ELEMENT) {
                for (int i : removed) {
                    kept.clear(i);
                }
                masks.add(new ParamMask(l.weightKey(), w.shape(), kept));
            } else {
                BitSet b = ParamMask.all(l.biasKey(), net.getParam(l.biasKey()).shape()).keptBits();
                String cKey = l.consumer() + "_W";
                long[] cShape = net.getParam(cKey).shape();
                BitSet c = ParamMask.all(cKey, cShape).keptBits();
                for (int j : removed) {
                    for (int i : UnitSlices.producer(l, w.shape(), j)) {
                        kept.clear(i);
                    }
                    b.clear(j);
                    for (int i : UnitSlices.consumer(l, cShape, j)) {
                        c.clear(i);
                    }
                }
                masks.add(new ParamMask(l.weightKey(), w.shape(), kept));
                masks.add(new ParamMask(l.biasKey(), net.getParam(l.biasKey()).shape(), b));
                masks.add(new ParamMask(cKey, cShape, c));
            }
        }
        // a consumer that is also a target (1_W here) gets both masks: intersect them like the Pruner does
        MaskSet out = MaskSet.empty();
        for (ParamMask m : masks) {
            out = out.and(MaskSet.of(List.of(m)));
        }
        return out;
    }

    private static void assertSameRun(CriterionKind c, Granularity g, double sparsity) {
        LabeledData train = data(640, 3);
        LabeledData test = data(200, 4);
        MultiLayerNetwork base = ModelZoo.build("mlp", InputSpec.flat(WIDTH), CLASSES, 11, 0.002);
        base.fit(train.iterator(BATCH, true, 5));
        PruneSettings s = new PruneSettings(c, g, Scope.LAYER, sparsity, false, 0.99, 7L);

        MultiLayerNetwork oldNet = base.clone();
        MaskSet oldMasks = oldPlan(oldNet, s, g);
        oldFineTune(oldNet, oldBatches(train), 2, 0.001, oldMasks);

        MultiLayerNetwork newNet = base.clone();
        PrunePlan plan = Pruner.plan(Net.of(newNet), s, new ScoringContext(Net.of(newNet), 7, List.of()));
        assertEquals(oldMasks, plan.masks(), "selection");
        FineTuner.fineTune(Net.of(newNet), train.iterator(BATCH, false, 0), 2, 0.001, plan.masks());

        float[] oldParams = oldNet.params().dup().data().asFloat();
        assertFalse(java.util.Arrays.equals(base.params().dup().data().asFloat(), oldParams), "fine-tuning moved the weights");
        assertEquals(0, plan.masks().violations(Net.of(newNet)));
        assertArrayEquals(oldParams, newNet.params().dup().data().asFloat(), "parameters, bit for bit");
        assertArrayEquals(oldNet.getUpdater().getStateViewArray().dup().data().asFloat(),
                newNet.getUpdater().getStateViewArray().dup().data().asFloat(), "Adam state, bit for bit");
        assertEquals(Evaluator.evaluate(Net.of(oldNet), test.toDataSet()).accuracy(),
                Evaluator.evaluate(Net.of(newNet), test.toDataSet()).accuracy(), 0.0);
    }

    @Test
    void elementPruningFineTunesBitIdenticallyToTheReplacedCode() {
        assertSameRun(CriterionKind.MAGNITUDE, Granularity.ELEMENT, 0.8);
    }

    @Test
    void neuronPruningFineTunesBitIdenticallyToTheReplacedCode() {
        assertSameRun(CriterionKind.L1, Granularity.NEURON, 0.5);
    }
}
