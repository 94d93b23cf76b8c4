package io.prunesweep.testing;

import io.prunesweep.model.ModelStore;
import io.prunesweep.model.Net;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Small hand-built {@link ComputationGraph}s with batch norm and a residual add, and data they can learn, for
 * tests of graph support. Parameter counts and FLOPs are derived by hand in the Javadoc of each.
 */
public final class GraphNets {
    private GraphNets() {
    }

    /**
     * On 8×8×1 images: {@code c1} conv 3×3 same (4, identity) → {@code bn} batch norm → {@code relu} →
     * {@code c2} conv 3×3 same (4, identity); {@code add} = relu + c2 (residual); {@code pool} global average →
     * {@code out} softmax 3.
     *
     * <p>Parameters: c1 W 4·1·3·3 = 36, b 4; bn γ, β, mean and variance 4 each = 16; c2 W 4·4·3·3 = 144, b 4; out
     * W 4·3 = 12, b 3: 219 in all. Dense FLOPs per example: c1 2·36·64 = 4,608, c2 2·144·64 = 18,432, out 2·12 = 24:
     * 23,064 (batch norm, activation, add and pooling count 0).
     */
    public static ComputationGraph residualCnn(long seed) {
        return residualCnn(seed, 8, 3);
    }

    /** {@link #residualCnn(long)} on {@code side}×{@code side}×1 images with {@code classes} outputs. */
    public static ComputationGraph residualCnn(long seed, int side, int classes) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
                .updater(new Adam(0.01)).weightInit(WeightInit.XAVIER).convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs("in")
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().build(), "c1")
                .addLayer("relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "bn")
                .addLayer("c2", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build(),
                        "relu")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "relu", "c2")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "add")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out")
                .setInputTypes(InputType.convolutionalFlat(side, side, 1))
                .build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    /**
     * On 12 features: {@code d1} dense 12→8 (identity) → {@code bn} → {@code relu} → {@code d2} dense 8→8
     * (identity); {@code add} = relu + d2; {@code out} softmax 3 over the add. Parameters: 104 + 32 + 72 + 27 =
     * 235.
     */
    public static ComputationGraph residualMlp(long seed) {
        return residualMlp(seed, true);
    }

    /** {@link #residualMlp(long)}, with the batch norm replaced by an identity activation when not {@code batchNorm}. */
    public static ComputationGraph residualMlp(long seed, boolean batchNorm) {
        return residualMlp(seed, batchNorm, 0);
    }

    /**
     * {@link #residualMlp(long)} with a hidden layer between the add and the output: {@code h} dense 8→6 (relu) reads
     * the residual stream, {@code out} softmax 3 reads {@code h}. Two neuron groups, the stream {@code d1+d2} (8 units)
     * and {@code h} (6). Parameters: 104 + 32 + 72 + 54 + 21 = 283.
     */
    public static ComputationGraph residualMlpWithHidden(long seed) {
        return residualMlp(seed, true, 6);
    }

    /** The residual MLP, with a relu dense layer of {@code hidden} units before the output when {@code hidden > 0}. */
    private static ComputationGraph residualMlp(long seed, boolean batchNorm, int hidden) {
        var b = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
                .updater(new Adam(0.01)).weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("in")
                .addLayer("d1", new DenseLayer.Builder().nOut(8).activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn", batchNorm ? new BatchNormalization.Builder().build()
                        : new ActivationLayer.Builder().activation(Activation.IDENTITY).build(), "d1")
                .addLayer("relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "bn")
                .addLayer("d2", new DenseLayer.Builder().nOut(8).activation(Activation.IDENTITY).build(), "relu")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "relu", "d2");
        String last = "add";
        if (hidden > 0) {
            b.addLayer("h", new DenseLayer.Builder().nOut(hidden).activation(Activation.RELU).build(), "add");
            last = "h";
        }
        ComputationGraphConfiguration conf = b
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), last)
                .setOutputs("out")
                .setInputTypes(InputType.feedForward(12))
                .build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    /**
     * Writes a sweep spec under {@code dir} whose base model ({@code model: {path:}}) is {@link #residualMlp} saved
     * as a zip, over a generated CSV dataset (three classes, twelve features, a cluster per class), pruning by
     * magnitude at the given granularity to 50 and 80 %, one fine-tune epoch each.
     */
    public static Path sweepSpec(Path dir, String name, String granularity) {
        return sweepSpec(dir, name, granularity, true);
    }

    /** {@link #sweepSpec(Path, String, String)} of {@code residualMlp(3, batchNorm)}. */
    public static Path sweepSpec(Path dir, String name, String granularity, boolean batchNorm) {
        try {
            Path data = dir.resolve("data");
            Files.createDirectories(data);
            Files.writeString(data.resolve("train.csv"), csvRows(360, 1));
            Files.writeString(data.resolve("test.csv"), csvRows(120, 2));
            Path zip = dir.resolve("graph.zip");
            ModelStore.save(Net.of(residualMlp(3, batchNorm)), Optional.empty(), zip);
            String yaml = """
                    name: %s
                    seed: 7
                    model: {path: %s}
                    data: {format: csv, train: %s, test: %s, labelColumn: 0, header: false, validation: 60}
                    space:
                      criterion: [magnitude]
                      granularity: [%s]
                      scope: [layer]
                      sparsity: [0.5, 0.8]
                      fineTuneEpochs: [1]
                      batchSize: 32
                    objectives: [val_accuracy, nonzero_params]
                    output: %s
                    """.formatted(name, zip, data.resolve("train.csv"), data.resolve("test.csv"), granularity,
                    dir.resolve("out-" + name));
            Path f = dir.resolve(name + ".yaml");
            Files.writeString(f, yaml);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String csvRows(int n, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int label = i % 3;
            sb.append(label);
            for (int f = 0; f < 12; f++) {
                double centre = f % 3 == label ? 1.0 : 0.0;
                sb.append(',').append(String.format(Locale.ROOT, "%.4f", centre + 0.4 * r.nextGaussian()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * {@code n} flattened 8×8 images in three classes, each with a bright blob in a class-specific quadrant plus
     * noise, and one-hot labels: easy enough for a few Adam steps to learn.
     */
    public static DataSet images(int n, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[n][64];
        float[][] y = new float[n][3];
        for (int i = 0; i < n; i++) {
            int label = i % 3;
            for (int p = 0; p < 64; p++) {
                int row = p / 8;
                int col = p % 8;
                boolean blob = label == 0 ? row < 4 && col < 4 : label == 1 ? row >= 4 && col >= 4 : row < 4 && col >= 4;
                x[i][p] = (blob ? 1f : 0f) + 0.3f * (float) r.nextGaussian();
            }
            y[i][label] = 1;
        }
        return new DataSet(Nd4j.create(x), Nd4j.create(y));
    }
}
