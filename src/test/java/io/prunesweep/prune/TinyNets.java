package io.prunesweep.prune;

import io.prunesweep.model.FastConv2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.dataset.api.iterator.TestDataSetIterator;
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
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small networks and synthetic data for pruning tests. */
final class TinyNets {
    private TinyNets() {
    }

    static MultiLayerNetwork mlp(DataType type, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(type)
                .updater(new Adam(0.01)).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(12).nOut(10).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(10).nOut(8).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static MultiLayerNetwork cnn(long seed) {
        return cnn(DataType.FLOAT, seed);
    }

    static MultiLayerNetwork cnn(DataType type, long seed) {
        return cnn(type, seed, false);
    }

    /**
     * conv 3x3 (6, ReLU) → max-pool 2x2 → conv 2x2 (5, ReLU) → dense 7 → softmax 3, on 10x10x1 inputs; the
     * convolutions are {@link FastConv2D} when {@code nativeConv}, else DL4J's layer. The same seed gives the
     * same initial weights either way.
     */
    static MultiLayerNetwork cnn(DataType type, long seed, boolean nativeConv) {
        java.util.function.IntFunction<ConvolutionLayer.Builder> conv =
                k -> nativeConv ? new FastConv2D.Builder(k, k) : new ConvolutionLayer.Builder(k, k);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(type)
                .updater(new Adam(0.01)).weightInit(WeightInit.XAVIER).list()
                .layer(conv.apply(3).nOut(6).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(conv.apply(2).nOut(5).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(7).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(10, 10, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Labels follow a fixed rule on the features, so training has something to learn. */
    static DataSet data(int n, int width, DataType type, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][width];
        double[][] y = new double[n][3];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < width; j++) {
                x[i][j] = r.nextDouble();
                s += (j % 3 == 0 ? 1 : -0.5) * x[i][j];
            }
            y[i][s > 0.5 ? 0 : s > -0.5 ? 1 : 2] = 1;
        }
        return new DataSet(Nd4j.create(x).castTo(type), Nd4j.create(y).castTo(type));
    }

    static TestDataSetIterator iterator(DataSet all, int batch) {
        return new TestDataSetIterator(all, batch);
    }

    static List<DataSet> batches(DataSet all, int batch) {
        return all.batchBy(batch);
    }
}
