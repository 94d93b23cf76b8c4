package io.prunesweep.perf;

import io.prunesweep.model.FastConv2D;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Hand-run probe behind the choice of the fast convolution path. Forward plus backward of the two LeNet-5
 * convolutions (batch 128) through DL4J's {@code ConvolutionLayer}, through {@link FastConv2D}, through
 * libnd4j's {@code conv2d} and {@code conv2d_bp} ops called directly with the layer's own [out, in, kH, kW]
 * weights, and through a {@code SameDiffLayer} whose graph calls {@code conv2d}; then one training step
 * ({@code fit} on a batch of 128) of the LeNet-5 CNN with each of the two layers. The paths are timed
 * interleaved in one JVM, and each time is the CPU time of the calling thread (with one native thread every
 * op runs on it), so other processes on the machine inflate the times less than wall-clock ones. Run with:
 * {@code OMP_NUM_THREADS=1 java -cp target/classes:target/test-classes:$(cat cp.txt) io.prunesweep.perf.ConvPathProbe [rounds]}
 * where cp.txt comes from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test}.
 */
public final class ConvPathProbe {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ConvPathProbe() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        int batch = 128;
        probe("conv1 1->6 5x5 28x28", batch, 1, 6, 28, rounds);
        probe("conv2 6->16 5x5 12x12", batch, 6, 16, 12, rounds);
        trainingStep(batch, rounds);
    }

    private static long now() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private static void probe(String name, int batch, int in, int out, int hw, int rounds) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        MultiLayerNetwork dl4j = net(new ConvolutionLayer.Builder(5, 5).nIn(in).nOut(out).activation(Activation.RELU)
                .build(), in, hw);
        MultiLayerNetwork fast = net(new FastConv2D.Builder(5, 5).nIn(in).nOut(out).activation(Activation.RELU)
                .build(), in, hw);
        MultiLayerNetwork sd = net(new SdConv(in, out), in, hw);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, in, hw, hw);
        int o = hw - 4;
        INDArray eps = Nd4j.rand(DataType.FLOAT, batch, out, o, o);
        INDArray w = dl4j.getParam("0_W");
        INDArray b = dl4j.getParam("0_b").reshape(out);
        INDArray z = Nd4j.create(DataType.FLOAT, batch, out, o, o);
        INDArray gI = Nd4j.create(DataType.FLOAT, batch, in, hw, hw);
        INDArray gW = Nd4j.create(DataType.FLOAT, out, in, 5, 5);
        INDArray gB = Nd4j.create(DataType.FLOAT, out);
        INDArray delta = Nd4j.create(DataType.FLOAT, batch, out, o, o);
        int[] iArgs = {5, 5, 1, 1, 0, 0, 1, 1, 0, 0, 1}; // kH kW sH sW pH pW dH dW same=0 NCHW=0 OIYX=1
        String[] paths = {"ConvolutionLayer", "FastConv2D", "conv2d+conv2d_bp ops", "SameDiffLayer"};
        Layer[] layers = {dl4j.getLayer(0), fast.getLayer(0), null, sd.getLayer(0)};
        double[][] fwd = new double[paths.length][rounds];
        double[][] bwd = new double[paths.length][rounds];
        for (int r = -5; r < rounds; r++) {
            for (int p = 0; p < paths.length; p++) {
                long t0 = now();
                if (layers[p] != null) {
                    layers[p].setInput(x, mgr);
                    layers[p].activate(true, mgr);
                } else {
                    Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, w, b).addOutputs(z)
                            .addIntegerArguments(iArgs).build());
                    Nd4j.exec(new RectifiedLinearDerivative(z, eps, delta));
                }
                long t1 = now();
                if (layers[p] != null) {
                    layers[p].backpropGradient(eps.dup(), mgr);
                } else {
                    Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, b, delta).addOutputs(gI, gW, gB)
                            .addIntegerArguments(iArgs).build());
                }
                long t2 = now();
                if (r >= 0) {
                    fwd[p][r] = (t1 - t0) / 1e6;
                    bwd[p][r] = (t2 - t1) / 1e6;
                }
            }
        }
        double base = median(fwd[0]) + median(bwd[0]);
        System.out.printf("%s (batch %d), median CPU ms over %d interleaved rounds:%n", name, batch, rounds);
        for (int p = 0; p < paths.length; p++) {
            double f = median(fwd[p]);
            double bw = median(bwd[p]);
            System.out.printf("  %-22s forward %8.2f  backward %8.2f  total %8.2f  ConvolutionLayer/this %.2fx%n",
                    paths[p], f, bw, f + bw, base / (f + bw));
        }
    }

    /** One {@code fit} of a batch through the whole LeNet-5 CNN, DL4J's layer vs {@link FastConv2D}. */
    private static void trainingStep(int batch, int rounds) {
        MultiLayerNetwork old = lenet(false);
        MultiLayerNetwork fast = lenet(true);
        fast.setParams(old.params().dup());
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 784);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 10);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, i % 10, 1f);
        }
        DataSet ds = new DataSet(x, y);
        double[][] ms = new double[2][rounds];
        for (int r = -3; r < rounds; r++) {
            long t0 = now();
            old.fit(ds);
            long t1 = now();
            fast.fit(ds);
            long t2 = now();
            if (r >= 0) {
                ms[0][r] = (t1 - t0) / 1e6;
                ms[1][r] = (t2 - t1) / 1e6;
            }
        }
        System.out.printf("LeNet-5 training step (fit, batch %d, Adam), median CPU ms: ConvolutionLayer %.2f | "
                + "FastConv2D %.2f | speed-up %.2fx%n", batch, median(ms[0]), median(ms[1]),
                median(ms[0]) / median(ms[1]));
    }

    private static MultiLayerNetwork lenet(boolean fastConv) {
        java.util.function.Supplier<ConvolutionLayer.Builder> conv =
                () -> fastConv ? new FastConv2D.Builder(5, 5) : new ConvolutionLayer.Builder(5, 5);
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                .dataType(DataType.FLOAT).updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER).list()
                .layer(conv.get().nOut(6).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(conv.get().nOut(16).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(120).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1)).build());
        net.init();
        return net;
    }

    private static MultiLayerNetwork net(org.deeplearning4j.nn.conf.layers.Layer conv, int in, int hw) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .list().layer(conv)
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(hw, hw, in)).build());
        net.init();
        net.initGradientsView();
        return net;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    /** The SameDiff candidate: 5×5 stride 1 truncate-mode convolution of [out, in, kH, kW] weights, ReLU. */
    static final class SdConv extends SameDiffLayer {
        private long nIn;
        private long nOut;

        SdConv() {
        }

        SdConv(long nIn, long nOut) {
            this.nIn = nIn;
            this.nOut = nOut;
        }

        @Override
        public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> p, SDVariable mask) {
            // YXIO through a permute: with weightsFormat OIYX, M2.1's SameDiff backward pass builds conv2d_bp
            // without the format and fails its shape check ("expected [128, 5, 24, 24]")
            Conv2DConfig c = Conv2DConfig.builder().kH(5).kW(5).sH(1).sW(1).dataFormat("NCHW")
                    .weightsFormat(WeightsFormat.YXIO).build();
            return sd.nn().relu(sd.cnn().conv2d(input, p.get("W").permute(2, 3, 1, 0), p.get("b"), c), 0);
        }

        @Override
        public void defineParameters(SDLayerParams params) {
            params.addWeightParam("W", nOut, nIn, 5, 5);
            params.addBiasParam("b", nOut);
        }

        @Override
        public void initializeParameters(Map<String, INDArray> params) {
            params.get("W").assign(Nd4j.randn(DataType.FLOAT, params.get("W").shape()).muli(0.1));
            params.get("b").assign(0);
        }

        @Override
        public InputType getOutputType(int layerIndex, InputType inputType) {
            InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) inputType;
            return InputType.convolutional(c.getHeight() - 4, c.getWidth() - 4, nOut);
        }

        @Override
        public void setNIn(InputType inputType, boolean override) {
        }

        @Override
        public org.deeplearning4j.nn.conf.InputPreProcessor getPreProcessorForInputType(InputType inputType) {
            return null;
        }
    }
}
