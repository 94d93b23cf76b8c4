package io.prunesweep.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.data.DataCache;
import io.prunesweep.data.DataSource;
import io.prunesweep.data.DataSplits;
import io.prunesweep.model.InputSpec;
import io.prunesweep.model.ModelZoo;
import io.prunesweep.model.Net;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.Scope;
import io.prunesweep.testing.Prerequisites;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Surgery on the zoo models trained on real Fashion-MNIST images: shrunk and masked agree on real inputs, and a
 * shrunk network trained on them expands back to a masked one computing the same function.
 */
class SurgeonRealDataTest {
    private static DataSplits splits;

    @BeforeAll
    static void data() {
        Prerequisites.requireFashionMnist();
        splits = DataCache.get(DataSource.idxDir(DataSource.FASHION_MNIST_DIR, 500, 3).withLimits(2000, 500));
    }

    @ParameterizedTest
    @CsvSource({"mlp, NEURON, L2, LAYER", "mlp, NEURON, TAYLOR, GLOBAL", "cnn, CHANNEL, L1, LAYER",
        "cnn, CHANNEL, TAYLOR, GLOBAL"})
    void shrunkZooModelMatchesTheMaskedOneOnRealImages(String zoo, Granularity g, CriterionKind c, Scope s) {
        MultiLayerNetwork net = ModelZoo.build(zoo, InputSpec.image(1, 28, 28), 10, 5, 0.002);
        net.fit(splits.train().iterator(128, true, 5));
        var batches = List.of(splits.train().iterator(128, true, 9).next());
        PrunePlan plan = Pruner.plan(Net.of(net), new PruneSettings(c, g, s, 0.5, false, 0.9, 5),
                new ScoringContext(Net.of(net), 5, batches));
        FineTuner.fineTune(Net.of(net), splits.train().iterator(128, true, 6), 1, 0.001, plan.masks());
        MultiLayerNetwork small = Surgeon.shrink(net, plan.removedUnits());
        assertTrue(small.numParams() < net.numParams());
        for (int i = 0; i < net.getnLayers(); i++) {
            assertSame(net.getLayerWiseConfigurations().getConf(i).getLayer().getClass(),
                    small.getLayerWiseConfigurations().getConf(i).getLayer().getClass(), "same kind of layer " + i);
        }
        INDArray x = splits.validation().toDataSet().getFeatures();
        double diff = net.output(x, false).sub(small.output(x, false)).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-5, zoo + " " + g + ": max output difference " + diff);
    }

    @ParameterizedTest
    @CsvSource({"mlp, NEURON, L2, LAYER", "cnn, CHANNEL, TAYLOR, GLOBAL"})
    void aShrunkNetworkTrainedOnRealImagesExpandsToTheSameFunction(String zoo, Granularity g, CriterionKind c,
                                                                    Scope s) {
        MultiLayerNetwork net = ModelZoo.build(zoo, InputSpec.image(1, 28, 28), 10, 5, 0.002);
        net.fit(splits.train().iterator(128, true, 5));
        var batches = List.of(splits.train().iterator(128, true, 9).next());
        PrunePlan plan = Pruner.plan(Net.of(net), new PruneSettings(c, g, s, 0.5, false, 0.9, 5),
                new ScoringContext(Net.of(net), 5, batches));
        plan.masks().applyTo(Net.of(net));
        MultiLayerNetwork small = Surgeon.shrink(net, plan.removedUnits());
        FineTuner.fineTune(Net.of(small), splits.train().iterator(128, true, 6), 1, 0.001, MaskSet.empty());
        MultiLayerNetwork full = Surgeon.expand(small, net, plan.removedUnits());
        assertEquals(0, plan.masks().violations(Net.of(full)), "removed units stay removed");
        INDArray x = splits.validation().toDataSet().getFeatures();
        double diff = full.output(x, false).sub(small.output(x, false)).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-5, zoo + " " + g + ": max output difference " + diff);
    }
}
