package io.prunesweep.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.model.Net;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.Scope;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class SurgeonTest {

    private static void assertSameOutputs(MultiLayerNetwork a, MultiLayerNetwork b, INDArray x) {
        INDArray ya = a.output(x, false);
        INDArray yb = b.output(x, false);
        assertEquals(ya.rows(), yb.rows());
        double maxDiff = ya.sub(yb).amaxNumber().doubleValue();
        assertTrue(maxDiff <= 1e-5, "masked and shrunk networks differ by " + maxDiff);
    }

    @Test
    void shrunkMlpComputesTheSameFunctionAsTheMaskedOne() {
        MultiLayerNetwork net = TinyNets.mlp(DataType.FLOAT, 6);
        DataSet data = TinyNets.data(200, 12, DataType.FLOAT, 2);
        FineTuner.fineTune(Net.of(net), TinyNets.iterator(data, 32), 2, 0.01, MaskSet.empty());
        PruneSettings s = new PruneSettings(CriterionKind.L2, Granularity.NEURON, Scope.LAYER, 0.5, false, 1, 1);
        PrunePlan plan = Pruner.plan(Net.of(net), s, new ScoringContext(Net.of(net), 1, List.of()));
        plan.masks().applyTo(Net.of(net));
        MultiLayerNetwork small = Surgeon.shrink(net, plan.removedUnits());
        assertEquals(12 * 5 + 5 + 5 * 4 + 4 + 4 * 3 + 3, small.numParams());
        assertSameOutputs(net, small, data.getFeatures());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shrunkCnnComputesTheSameFunctionAsTheMaskedOne(boolean nativeConv) {
        MultiLayerNetwork net = TinyNets.cnn(DataType.FLOAT, 8, nativeConv);
        DataSet data = TinyNets.data(100, 100, DataType.FLOAT, 4);
        FineTuner.fineTune(Net.of(net), TinyNets.iterator(data, 25), 1, 0.01, MaskSet.empty());
        PruneSettings s = new PruneSettings(CriterionKind.L1, Granularity.CHANNEL, Scope.GLOBAL, 0.4, false, 1, 1);
        PrunePlan plan = Pruner.plan(Net.of(net), s, new ScoringContext(Net.of(net), 1, List.of()));
        plan.masks().applyTo(Net.of(net));
        MultiLayerNetwork small = Surgeon.shrink(net, plan.removedUnits());
        assertTrue(small.numParams() < net.numParams());
        for (int layer : new int[] {0, 2}) {
            assertSame(net.getLayerWiseConfigurations().getConf(layer).getLayer().getClass(),
                    small.getLayerWiseConfigurations().getConf(layer).getLayer().getClass(), "same kind of layer");
        }
        assertSameOutputs(net, small, data.getFeatures());
    }
}
