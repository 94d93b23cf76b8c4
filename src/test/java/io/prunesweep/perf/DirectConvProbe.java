package io.prunesweep.perf;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import io.prunesweep.model.FastConv2D;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * What a direct convolution (no patch matrix) would buy the shrunk CNN's latency (RESULTS.md §4b): the first
 * LeNet-5 convolution reads one input channel, so its patch matrix is as large whatever number of output channels
 * survive, and that part of its time does not fall with the FLOPs. This probe times, at batch 128 and each shape's
 * output-channel counts, {@code FastConv2D}'s inference (patches and per-example products), libnd4j's
 * {@code conv2d} op and a plain Java loop over output rows (5×5 kernel, stride 1, no padding; the JIT vectorises
 * the row loop), CPU time of the calling thread, best of 30, with the largest difference from the layer. The Java loop reads and writes heap arrays, so the copies in and out of ND4J are
 * timed with it as well.
 *
 * <pre>
 * OMP_NUM_THREADS=1 java @conf/jvm.options -cp "target/classes:target/test-classes:target/lib/*" io.prunesweep.perf.DirectConvProbe
 * </pre>
 */
public final class DirectConvProbe {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int K = 5;

    private DirectConvProbe() {
    }

    public static void main(String[] args) {
        Nd4j.getEnvironment().setMaxThreads(1);
        int n = 128;
        // {input channels, input size, output channels}: conv1 and conv2 of the zoo CNN, dense and shrunk
        int[][] shapes = {{1, 28, 6}, {1, 28, 5}, {1, 28, 3}, {1, 28, 1}, {6, 12, 16}, {5, 12, 12}, {3, 12, 8},
                {2, 12, 4}};
        for (int[] s : shapes) {
            int c = s[0];
            int h = s[1];
            int o = s[2];
            int oh = h - K + 1;
            INDArray in = Nd4j.rand(DataType.FLOAT, n, c, h, h);
            INDArray w = Nd4j.rand(DataType.FLOAT, o, c, K, K);
            INDArray b = Nd4j.rand(DataType.FLOAT, o);
            float[] fw = w.data().asFloat();
            float[] fb = b.data().asFloat();
            float[] out = new float[n * o * oh * oh];
            double op = Double.MAX_VALUE;
            double direct = Double.MAX_VALUE;
            double patches = Double.MAX_VALUE;
            INDArray byOp = null;
            INDArray byLoop = null;
            INDArray byLayer = null;
            Layer layer = layer(c, h, o, w, b);
            LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
            for (int rep = 0; rep < 30; rep++) {
                long tl = THREADS.getCurrentThreadCpuTime();
                layer.setInput(in, mgr);
                byLayer = layer.activate(false, mgr);
                long t0 = THREADS.getCurrentThreadCpuTime();
                byOp = Nd4j.createUninitialized(DataType.FLOAT, n, o, oh, oh);
                Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(in, w, b)
                        .addIntegerArguments(K, K, 1, 1, 0, 0, 1, 1, 0, 0, 1).addOutputs(byOp).build());
                long t1 = THREADS.getCurrentThreadCpuTime();
                direct(in.data().asFloat(), n, c, h, fw, o, fb, out);
                byLoop = Nd4j.createFromArray(out).reshape(n, o, oh, oh);
                long t2 = THREADS.getCurrentThreadCpuTime();
                patches = Math.min(patches, (t0 - tl) / 1e6);
                op = Math.min(op, (t1 - t0) / 1e6);
                direct = Math.min(direct, (t2 - t1) / 1e6);
            }
            double diffOp = byLayer.sub(byOp).amaxNumber().doubleValue();
            double diffLoop = byLayer.sub(byLoop).amaxNumber().doubleValue();
            System.out.printf(Locale.ROOT, "in %d×%d×%d, out %2d: FastConv2D %6.2f ms, conv2d op %6.2f ms, direct loop"
                    + " with copies %6.2f ms; max |difference| from FastConv2D: op %.1g, loop %.1g%n", c, h, h, o,
                    patches, op, direct, diffOp, diffLoop);
        }
        System.exit(0);
    }

    /** A FastConv2D layer with these weights and bias, identity activation. */
    private static Layer layer(int c, int h, int o, INDArray w, INDArray b) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .list()
                .layer(new FastConv2D.Builder(K, K).nIn(c).nOut(o).activation(Activation.IDENTITY).build())
                .layer(new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(h, h, c)).build());
        net.init();
        Layer l = net.getLayer(0);
        l.setParam("W", w.dup());
        l.setParam("b", b.reshape(1, o).dup());
        return l;
    }

    /** out[e][oc] = b[oc] + Σ_ic Σ_ky Σ_kx w[oc][ic][ky][kx] · in[e][ic][y+ky][x+kx], row by row. */
    private static void direct(float[] in, int n, int c, int h, float[] w, int o, float[] b, float[] out) {
        int oh = h - K + 1;
        int plane = oh * oh;
        for (int e = 0; e < n; e++) {
            for (int oc = 0; oc < o; oc++) {
                int ob = (e * o + oc) * plane;
                Arrays.fill(out, ob, ob + plane, b[oc]);
                for (int ic = 0; ic < c; ic++) {
                    int ib = (e * c + ic) * h * h;
                    for (int ky = 0; ky < K; ky++) {
                        for (int kx = 0; kx < K; kx++) {
                            float wv = w[((oc * c + ic) * K + ky) * K + kx];
                            for (int y = 0; y < oh; y++) {
                                int ir = ib + (y + ky) * h + kx;
                                int or = ob + y * oh;
                                for (int x = 0; x < oh; x++) {
                                    out[or + x] += wv * in[ir + x];
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
