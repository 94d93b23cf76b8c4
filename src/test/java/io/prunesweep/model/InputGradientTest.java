package io.prunesweep.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training through {@link Net.Chain} skips the first layer's input gradient and nothing else: the weights come out
 * bit for bit as DL4J's own {@code fit} leaves them, for the zoo MLP (no input preprocessor: the layer returns no
 * gradient) and the zoo CNN (an input preprocessor: the layer returns a placeholder); outside training the
 * gradient is still computed ({@code FastDenseTest} checks it against DL4J's layer through
 * {@code calculateGradients}).
 */
class InputGradientTest {

    private static DataSet batch(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 784);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 10);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, (i * 3 + seed) % 10, 1f);
        }
        return new DataSet(x, y);
    }

    private static void assertTrainsLikeDl4jFit(String model) {
        InputSpec in = model.equals("cnn") ? InputSpec.image(1, 28, 28) : InputSpec.flat(784);
        MultiLayerNetwork plain = ModelZoo.build(model, in, 10, 5, 0.002);
        MultiLayerNetwork viaNet = ModelZoo.build(model, in, 10, 5, 0.002);
        assertArrayEquals(plain.params().toFloatVector(), viaNet.params().toFloatVector(), model + ": same start");
        for (int step = 0; step < 4; step++) {
            DataSet ds = batch(32, 20 + step);
            plain.fit(ds);
            Net.of(viaNet).fit(ds);
        }
        assertTrue(plain.getIterationCount() == 4 && viaNet.getIterationCount() == 4, model + ": four steps each");
        assertArrayEquals(plain.params().toFloatVector(), viaNet.params().toFloatVector(),
                model + ": weights after four Adam steps");
        assertArrayEquals(plain.getUpdater().getStateViewArray().toFloatVector(),
                viaNet.getUpdater().getStateViewArray().toFloatVector(), model + ": Adam state");
    }

    @Test
    void mlpTrainsToTheSameWeightsWithoutTheInputGradient() {
        assertTrainsLikeDl4jFit("mlp");
    }

    @Test
    void cnnWithItsInputPreprocessorTrainsToTheSameWeights() {
        assertTrainsLikeDl4jFit("cnn");
    }

    /** Inside a declared training pass only layer 0 drops it; the mode is restored afterwards. */
    @Test
    void onlyTheFirstLayerSkipsAndOnlyInsideTheTrainingPass() {
        MultiLayerNetwork net = ModelZoo.build("mlp", InputSpec.flat(784), 10, 5, 0.002);
        DataSet ds = batch(16, 3);
        net.initGradientsView();
        var first = net.getLayer(0);
        var second = net.getLayer(1);
        LayerWorkspaceMgr noWs = LayerWorkspaceMgr.noWorkspaces();
        second.activate(first.activate(ds.getFeatures(), true, noWs), true, noWs);
        INDArray eps0 = Nd4j.rand(DataType.FLOAT, 16, 300);
        INDArray eps1 = Nd4j.rand(DataType.FLOAT, 16, 100);
        @SuppressWarnings("unchecked")
        Pair<Gradient, INDArray>[] inside = new Pair[2];
        InputGradient.unusedDuring(net, () -> {
            inside[1] = second.backpropGradient(eps1, noWs);
            inside[0] = first.backpropGradient(eps0, noWs);
        });
        assertNull(inside[0].getSecond(), "layer 0 inside the training pass");
        assertNotNull(inside[0].getFirst().getGradientFor("W"), "layer 0 still computes its weight gradient");
        assertNotNull(inside[1].getSecond(), "layer 1 inside the training pass");
        assertEquals(InputGradient.Mode.NEEDED, InputGradient.forLayer(0), "mode after the pass");
        first.activate(ds.getFeatures(), true, noWs);
        assertNotNull(first.backpropGradient(eps0, noWs).getSecond(),
                "layer 0 outside the training pass");
    }
}
