package io.prunesweep.model;

import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * The built-in base models: LeNet-300-100 (an MLP, the classic pruning benchmark of Han et al. 2015)
 * and a LeNet-5-style CNN. Both use float32, ReLU, Adam and Xavier initialisation, seeded. The CNN's
 * convolutions are {@link FastConv2D} layers: DL4J's {@code ConvolutionLayer} semantics and parameters,
 * computed through libnd4j's native ops.
 */
public final class ModelZoo {
    private ModelZoo() {
    }

    /** Every zoo name: the MultiLayerNetworks built by {@link #build}, then the {@link GraphZoo} graphs. */
    public static final List<String> NAMES = List.of("mlp", "cnn", "resnet", "mobilenet", "inception");

    /**
     * Builds an initialised, untrained network.
     *
     * @param name       {@code mlp} or {@code cnn}
     * @param input      the input the model reads
     * @param numClasses output classes
     * @param seed       initialisation seed
     * @param learningRate Adam learning rate
     */
    public static MultiLayerNetwork build(String name, InputSpec input, int numClasses, long seed, double learningRate) {
        MultiLayerConfiguration conf = switch (name) {
            case "mlp" -> mlp(input.width(), numClasses, seed, learningRate);
            case "cnn" -> cnn(input, numClasses, seed, learningRate);
            case "resnet", "mobilenet", "inception" -> throw new ModelException("zoo model '" + name
                    + "' is a ComputationGraph: build it with buildNet or GraphZoo.build");
            default -> throw new ModelException("unknown zoo model '" + name + "'; available: " + NAMES);
        };
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * Builds an initialised, untrained zoo model of either kind: {@link #build} for {@code mlp} and {@code cnn},
     * {@link GraphZoo#build} with {@code widths} for the graphs.
     */
    public static Net buildNet(String name, InputSpec input, int numClasses, long seed, double learningRate,
                               List<Integer> widths) {
        if (GraphZoo.NAMES.contains(name)) {
            return Net.of(GraphZoo.build(name, input, numClasses, seed, learningRate, widths));
        }
        if (widths != null && !widths.isEmpty()) {
            throw new ModelException("zoo model '" + name + "' has fixed widths; only " + GraphZoo.NAMES
                    + " take widths, found " + widths);
        }
        return Net.of(build(name, input, numClasses, seed, learningRate));
    }

    private static NeuralNetConfiguration.Builder base(long seed, double lr) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                // halving the rate each epoch settles Adam into a better minimum in few epochs
                .updater(FastAdam.of(new ExponentialSchedule(ScheduleType.EPOCH, lr, 0.5)))
                .weightInit(WeightInit.XAVIER);
    }

    /** LeNet-300-100: inputs → 300 → 100 → classes. */
    static MultiLayerConfiguration mlp(int inputs, int numClasses, long seed, double lr) {
        return base(seed, lr).list()
                .layer(FastDense.of(new DenseLayer.Builder().nIn(inputs).nOut(300).activation(Activation.RELU).build()))
                .layer(FastDense.of(new DenseLayer.Builder().nIn(300).nOut(100).activation(Activation.RELU).build()))
                .layer(FastOutput.of(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(100).nOut(numClasses)
                        .activation(Activation.SOFTMAX).build()))
                .build();
    }

    /**
     * The zoo CNN as it was before {@link FastConv2D}: the same architecture, initial weights and function,
     * with DL4J's own {@code ConvolutionLayer}. Kept so the benchmark can time the two layers against each
     * other; sweeps use {@link #build}.
     */
    public static MultiLayerNetwork buildCnnWithDl4jConvolutions(InputSpec input, int numClasses, long seed,
                                                               double learningRate) {
        MultiLayerNetwork net = new MultiLayerNetwork(cnn(input, numClasses, seed, learningRate, false));
        net.init();
        return net;
    }

    static MultiLayerConfiguration cnn(InputSpec input, int numClasses, long seed, double lr) {
        return cnn(input, numClasses, seed, lr, true);
    }

    /** LeNet-5 style: conv5×5(6) → maxpool2 → conv5×5(16) → maxpool2 → dense 120 → classes. */
    private static MultiLayerConfiguration cnn(InputSpec input, int numClasses, long seed, double lr,
                                               boolean nativeConv) {
        if (input.height() <= 0) {
            throw new ModelException("the cnn model needs image input (channels, height, width); the dataset gives "
                    + input.width() + " flat features");
        }
        return base(seed, lr).list()
                .layer(conv(nativeConv).nOut(6).stride(1, 1).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(conv(nativeConv).nOut(16).stride(1, 1).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(FastDense.of(new DenseLayer.Builder().nOut(120).activation(Activation.RELU).build()))
                .layer(FastOutput.of(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(numClasses)
                        .activation(Activation.SOFTMAX).build()))
                .setInputType(InputType.convolutionalFlat(input.height(), input.imageWidth(), input.channels()))
                .build();
    }

    private static ConvolutionLayer.Builder conv(boolean nativeConv) {
        return nativeConv ? new FastConv2D.Builder(5, 5) : new ConvolutionLayer.Builder(5, 5);
    }
}
