package io.prunesweep.model;

import io.prunesweep.bench.Stats;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ConvolutionUtils;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Why {@link FastConv2DLayer} infers through its training forward pass (patches and per-example products) and
 * not through libnd4j's {@code conv2d} op: the zoo CNN and the graph zoo's resnet, each built as the zoo builds
 * it and again with every {@link FastConv2D} computing inference by the {@code conv2d} op (weights read in place,
 * OIYX, as the layer did before), the same parameters; whole {@code output} passes at batch 128, the two
 * networks interleaved, CPU time of the calling thread, medians, and the largest output difference.
 *
 * <pre>
 * mvn -B -q -DskipTests package test-compile
 * OMP_NUM_THREADS=1 java @conf/jvm.options -cp "target/classes:target/test-classes:target/lib/*" \
 *     io.prunesweep.model.ConvInferenceProbe 15
 * </pre>
 */
public final class ConvInferenceProbe {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ConvInferenceProbe() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Nd4j.getEnvironment().setMaxThreads(1);
        InputSpec in = InputSpec.image(1, 28, 28);
        INDArray x = Nd4j.rand(DataType.FLOAT, 128, 784);

        MultiLayerNetwork cnn = ModelZoo.build("cnn", in, 10, 42, 0.002);
        MultiLayerNetwork cnnOp = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(byOp(
                cnn.getLayerWiseConfigurations().toJson())));
        cnnOp.init(cnn.params().dup(), false);
        compare("cnn", () -> cnn.output(x, false), () -> cnnOp.output(x, false), runs);

        ComputationGraph res = GraphZoo.build("resnet", in, 10, 42, 0.002, List.of());
        ComputationGraph resOp = new ComputationGraph(ComputationGraphConfiguration.fromJson(byOp(
                res.getConfiguration().toJson())));
        resOp.init(res.params().dup(), false);
        compare("resnet", () -> res.output(false, x)[0], () -> resOp.output(false, x)[0], runs);
        System.exit(0);
    }

    private static String byOp(String json) {
        String from = "\"" + FastConv2D.class.getName() + "\"";
        if (!json.contains(from)) {
            throw new IllegalStateException("the network has no FastConv2D layer");
        }
        return json.replace(from, "\"" + OpConv2D.class.getName() + "\"");
    }

    private static void compare(String name, java.util.function.Supplier<INDArray> patches,
                                java.util.function.Supplier<INDArray> op, int runs) {
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        INDArray outA = null;
        INDArray outB = null;
        for (int r = -3; r < runs; r++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            outA = patches.get();
            long t1 = THREADS.getCurrentThreadCpuTime();
            outB = op.get();
            long t2 = THREADS.getCurrentThreadCpuTime();
            if (r >= 0) {
                a.add((t1 - t0) / 1e6);
                b.add((t2 - t1) / 1e6);
            }
        }
        double diff = outA.castTo(DataType.DOUBLE).sub(outB.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        System.out.printf(Locale.ROOT, "%-7s output, batch 128, CPU ms (median of %d): patches and BLAS %.2f, conv2d op"
                + " %.2f, op / patches %.2f; max |output difference| %.2g%n", name, runs, Stats.median(a),
                Stats.median(b), Stats.median(b) / Stats.median(a), diff);
    }

    /** {@link FastConv2D} whose layer infers through libnd4j's {@code conv2d} op. */
    public static final class OpConv2D extends FastConv2D {
        /** For JSON deserialisation. */
        public OpConv2D() {
        }

        @Override
        public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                                 INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
            return FastLayers.instantiate(this, "OpConv2D", conf, listeners, layerIndex, layerParamsView,
                    initializeParams, networkDataType, OpConv2DLayer::new);
        }
    }

    /** Inference by the {@code conv2d} op (NCHW, OIYX weights in place); training as {@link FastConv2DLayer}. */
    static final class OpConv2DLayer extends FastConv2DLayer {
        OpConv2DLayer(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            if (training || layerConf().getCnn2dDataFormat() != CNN2DFormat.NCHW) {
                return super.activate(training, workspaceMgr);
            }
            assertInputSet(false);
            input = input.castTo(dataType);
            INDArray w = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, false, workspaceMgr);
            int[] k = layerConf().getKernelSize();
            int[] s = layerConf().getStride();
            int[] d = layerConf().getDilation();
            boolean same = convolutionMode == ConvolutionMode.Same;
            int[] out = ConvolutionUtils.getOutputSize(input, k, s, same ? null : layerConf().getPadding(),
                    convolutionMode, d, CNN2DFormat.NCHW);
            int[] pad = same ? ConvolutionUtils.getSameModeTopLeftPadding(out,
                    new int[] {(int) input.size(2), (int) input.size(3)}, k, s, d) : layerConf().getPadding();
            INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                    new long[] {input.size(0), w.size(0), out[0], out[1]}, 'c');
            DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d");
            if (hasBias()) {
                INDArray b = getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, false, workspaceMgr);
                op.addInputs(input, w, b.reshape(b.length()));
            } else {
                op.addInputs(input, w);
            }
            op.addIntegerArguments(k[0], k[1], s[0], s[1], pad[0], pad[1], d[0], d[1], same ? 1 : 0, 0, 1);
            Nd4j.exec(op.addOutputs(z).build());
            return layerConf().getActivationFn().getActivation(z, false);
        }
    }
}
