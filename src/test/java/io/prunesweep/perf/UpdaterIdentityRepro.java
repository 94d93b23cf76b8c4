package io.prunesweep.perf;

import io.prunesweep.model.FastMultiLayerUpdater;
import java.util.Arrays;
import java.util.Locale;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Minimal reproduction of the DL4J 1.0.0-M2.1 behaviour that {@code model.FastUpdaters} works around: with DL4J's
 * own layers, updater and Adam, {@code BaseMultiLayerUpdater.update} tests whether the gradient it is given is the
 * network's own by object identity ({@code gradient.gradient() != getFlattenedGradientsView()}), and
 * {@code DefaultGradient.gradient()} returns a new array object on every call, so the test is always true and every
 * step takes the path for a gradient from another network (per parameter array, new views of the parameters and the
 * gradient, twice). The program prints the identity tests, then times {@code update} of DL4J's
 * {@code MultiLayerUpdater} against {@code FastMultiLayerUpdater} (same network, same gradient, DL4J's Adam, so both
 * run the same Adam op per block and differ only in that path) at LeNet-300-100's widths and at the 75 %-shrunk
 * widths, medians of rounds, µs per call.
 *
 * <p>{@code OMP_NUM_THREADS=1 java @conf/jvm.options -cp "target/classes:target/test-classes:target/lib/*"
 * io.prunesweep.perf.UpdaterIdentityRepro [rounds]}
 */
public final class UpdaterIdentityRepro {
    private static final int CALLS = 500;

    private UpdaterIdentityRepro() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        for (int[] widths : new int[][] {{300, 100}, {75, 25}}) {
            MultiLayerNetwork net = mlp(widths[0], widths[1]);
            Nd4j.getRandom().setSeed(1);
            INDArray x = Nd4j.rand(DataType.FLOAT, 128, 784);
            INDArray y = Nd4j.zeros(DataType.FLOAT, 128, 10);
            for (int i = 0; i < 128; i++) {
                y.putScalar(i, i % 10, 1.0);
            }
            net.setInput(x);
            net.setLabels(y);
            net.computeGradientAndScore();
            Gradient g = net.gradient();
            BaseMultiLayerUpdater<?> dl4j = (BaseMultiLayerUpdater<?>) net.getUpdater();
            INDArray view = dl4j.getFlattenedGradientsView();
            System.out.printf(Locale.ROOT, "784-%d-%d-10: gradient.gradient() == getFlattenedGradientsView(): %s; "
                            + "gradient.gradient() == gradient.gradient(): %s; same memory: %s%n", widths[0], widths[1],
                    g.gradient() == view, g.gradient() == g.gradient(),
                    g.gradient().data().addressPointer().address() == view.data().addressPointer().address());
            MultiLayerUpdater fast = new FastMultiLayerUpdater(net, dl4j.getStateViewArray().dup());
            LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
            double[] a = new double[rounds];
            double[] b = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                a[r] = time(dl4j, g, mgr);
                b[r] = time(fast, g, mgr);
            }
            Arrays.sort(a);
            Arrays.sort(b);
            System.out.printf(Locale.ROOT, "  update, µs per call: DL4J's MultiLayerUpdater %.1f, FastMultiLayerUpdater "
                    + "%.1f (%d parameters)%n", a[rounds / 2], b[rounds / 2], net.numParams());
        }
    }

    /** µs per {@code update} call; the gradient becomes an update in place, which leaves its size unchanged. */
    private static double time(BaseMultiLayerUpdater<?> u, Gradient g, LayerWorkspaceMgr mgr) {
        long t0 = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            u.update(g, i, 0, 128, mgr);
        }
        return (System.nanoTime() - t0) / 1e3 / CALLS;
    }

    private static MultiLayerNetwork mlp(int h1, int h2) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(h1).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(h1).nOut(h2).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(h2).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
