package io.prunesweep.bench;

import io.prunesweep.data.LabeledData;
import io.prunesweep.model.InputSpec;
import io.prunesweep.model.FastAdam;
import io.prunesweep.model.FastDense;
import io.prunesweep.model.FastOutput;
import io.prunesweep.model.ModelZoo;
import io.prunesweep.model.Net;
import io.prunesweep.prune.FineTuner;
import io.prunesweep.prune.PrunePlan;
import io.prunesweep.prune.PruneSettings;
import io.prunesweep.prune.Pruner;
import io.prunesweep.prune.ScoringContext;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.Scope;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Achieved training rate of LeNet-300-100 under one knob setting: 6 × weights × examples per epoch
 * (forward 2, backward 4 FLOPs per weight and example) divided by the epoch's wall time.
 */
public final class TrainThroughput {
    private TrainThroughput() {
    }

    /**
     * One knob setting.
     *
     * @param name       label
     * @param batch      minibatch size
     * @param type       FLOAT or DOUBLE
     * @param workspaces DL4J workspace mode for training
     * @param adam       Adam (true) or plain SGD (false)
     * @param dl4jLayers DL4J's own {@code DenseLayer}, {@code OutputLayer} and {@code Adam} (true) instead of the
     *                   zoo's {@link FastDense}, {@link FastOutput} and {@link FastAdam}, to show what those changed
     */
    public record Knobs(String name, int batch, DataType type, WorkspaceMode workspaces, boolean adam,
                        boolean dl4jLayers) {
        /** A knob on the zoo's layers. */
        public Knobs(String name, int batch, DataType type, WorkspaceMode workspaces, boolean adam) {
            this(name, batch, type, workspaces, adam, false);
        }
    }

    /**
     * Trains one epoch through {@link Net#fit} (DL4J's {@code fit}, the first layer's unused input gradient
     * skipped) and returns {epoch seconds, GFLOP/s}.
     */
    public static double[] measure(LabeledData train, Knobs k) {
        MultiLayerNetwork net = build(train.width(), train.numClasses(), k);
        var it = train.fitIterator(k.batch(), true, 1);
        // a short warm-up pass over a few batches so JIT and native set-up are not in the timing
        var warm = train.head(Math.min(train.size(), 20 * k.batch())).fitIterator(k.batch(), true, 2);
        Net.of(net).fit(warm);
        long t0 = System.nanoTime();
        Net.of(net).fit(it);
        double s = (System.nanoTime() - t0) / 1e9;
        long weights = 784L * 300 + 300L * 100 + 100L * 10;
        return new double[] {s, 6.0 * weights * train.size() / s / 1e9};
    }

    /**
     * The default fine-tune as a candidate runs it: LeNet-300-100 pruned to 90 % (magnitude, element,
     * per layer), then one epoch of {@link FineTuner} with the mask held (Adam, batch 128, float).
     * Returns {epoch seconds, GFLOP/s}, the rate counted like {@link #measure} (dense FLOPs: masked
     * weights are still multiplied).
     */
    public static double[] measureFineTune(LabeledData train) {
        MultiLayerNetwork net = ModelZoo.build("mlp", InputSpec.flat(train.width()), train.numClasses(), 1, 0.001);
        PrunePlan plan = Pruner.plan(Net.of(net), new PruneSettings(CriterionKind.MAGNITUDE, Granularity.ELEMENT, Scope.LAYER,
                0.9, false, 0.99, 1), new ScoringContext(Net.of(net), 1, List.of()));
        FineTuner.fineTune(Net.of(net), train.head(Math.min(train.size(), 20 * 128)).fitIterator(128, true, 2), 1, 0.001,
                plan.masks());
        var it = train.fitIterator(128, true, 1);
        long t0 = System.nanoTime();
        FineTuner.fineTune(Net.of(net), it, 1, 0.001, plan.masks());
        double s = (System.nanoTime() - t0) / 1e9;
        long weights = 784L * 300 + 300L * 100 + 100L * 10;
        return new double[] {s, 6.0 * weights * train.size() / s / 1e9};
    }

    static MultiLayerNetwork build(int inputs, int classes, Knobs k) {
        if (k.type() == DataType.FLOAT && k.adam() && k.workspaces() == WorkspaceMode.ENABLED && !k.dl4jLayers()) {
            return ModelZoo.build("mlp", InputSpec.flat(inputs), classes, 1, 0.001);
        }
        IUpdater u = !k.adam() ? new Sgd(0.05) : k.dl4jLayers() ? new Adam(0.001) : FastAdam.of(new Adam(0.001));
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(k.type()).updater(u)
                .weightInit(WeightInit.XAVIER).trainingWorkspaceMode(k.workspaces())
                .inferenceWorkspaceMode(k.workspaces()).list()
                .layer(hidden(inputs, 300, k))
                .layer(hidden(300, 100, k))
                .layer(output(100, classes, k))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static OutputLayer output(int in, int classes, Knobs k) {
        OutputLayer o = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(in).nOut(classes)
                .activation(Activation.SOFTMAX).build();
        return k.dl4jLayers() ? o : FastOutput.of(o);
    }

    private static DenseLayer hidden(int in, int out, Knobs k) {
        DenseLayer d = new DenseLayer.Builder().nIn(in).nOut(out).activation(Activation.RELU).build();
        return k.dl4jLayers() ? d : FastDense.of(d);
    }
}
