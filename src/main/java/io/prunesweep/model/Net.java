package io.prunesweep.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A DL4J network of either kind, {@link MultiLayerNetwork} ({@link Chain}) or {@link ComputationGraph}
 * ({@link Graph}), seen through what pruning, training and measuring need: named parameter arrays, the forward
 * pass, fitting, and the layer graph. Code that needs one kind's specifics (surgery on a chain) matches on the
 * two classes; everything else takes a {@code Net}.
 *
 * <p>Parameter names are DL4J's {@code paramTable()} keys: {@code "<index>_W"} in a chain, {@code "<layer name>_W"}
 * in a graph, in the network's own (layer, then topological) order. Both kinds keep every parameter as a view of
 * one flat vector ({@link #params()}), which mask layouts rely on.
 */
public sealed interface Net permits Net.Chain, Net.Graph {

    /**
     * One vertex of the layer graph, in topological order.
     *
     * @param name         the vertex name: the layer index in a chain, the vertex name in a graph; parameter keys
     *                     of a layer are {@code name + "_" + param}
     * @param index        position in {@link #nodes()}
     * @param layer        the layer configuration, or null for a vertex that is not a layer (add, concat, ...)
     * @param vertex       the graph vertex configuration; null in a chain
     * @param inputs       names of the nodes (or network inputs) this one reads, in order
     * @param preProcessor the input preprocessor applied before the layer, or null
     * @param output       whether this node's activations are a network output
     */
    record Node(String name, int index, Layer layer, GraphVertex vertex, List<String> inputs,
                InputPreProcessor preProcessor, boolean output) {
        public Node {
            Objects.requireNonNull(name, "name");
            if (layer == null && vertex == null) {
                throw new ModelException("node " + name + " is neither a layer nor a vertex");
            }
            inputs = List.copyOf(inputs);
        }

        /** Whether this node is a layer (it may carry parameters). */
        public boolean isLayer() {
            return layer != null;
        }

        /** Simple class name of the layer configuration, or of the vertex for a non-layer vertex. */
        public String type() {
            return layer != null ? layer.getClass().getSimpleName() : vertex.getClass().getSimpleName();
        }
    }

    /**
     * Wraps a DL4J network.
     *
     * @throws ModelException for any other kind of model
     */
    static Net of(Model model) {
        // every training, evaluation and timing path wraps its network here first
        NativeMemory.guard();
        if (model instanceof MultiLayerNetwork m) {
            return new Chain(m);
        }
        if (model instanceof ComputationGraph g) {
            return new Graph(g);
        }
        throw new ModelException("unsupported model type " + (model == null ? "null" : model.getClass().getName())
                + ": prunesweep handles MultiLayerNetwork and ComputationGraph");
    }

    /** The DL4J network, for serialisation and listeners. */
    Model model();

    /** Whether this is a {@link ComputationGraph}. */
    default boolean isGraph() {
        return this instanceof Graph;
    }

    /** The configuration as DL4J serialises it. */
    String configJson();

    /** The flat parameter vector; every entry of {@link #paramTable()} is a view of it. */
    default INDArray params() {
        return model().params();
    }

    /** Every parameter array by key, in the network's order (views, writes go through). */
    default Map<String, INDArray> paramTable() {
        return model().paramTable();
    }

    /** The parameter with this key, or null when the network has none. */
    INDArray param(String key);

    /** The parameters of one layer node, keyed without the node-name prefix ({@code W}, {@code b}, ...). */
    Map<String, INDArray> layerParams(String node);

    /** Number of parameters. */
    default long numParams() {
        return model().numParams();
    }

    /** The network's output for a minibatch, in inference mode (no dropout). */
    default INDArray output(INDArray features) {
        return output(features, null, null);
    }

    /** {@link #output(INDArray)} with optional feature and label masks (null when absent). */
    INDArray output(INDArray features, INDArray featuresMask, INDArray labelsMask);

    /** Per-example loss of the output layer in inference mode, without regularisation terms. */
    INDArray scoreExamples(DataSet batch);

    /** One pass of training over the iterator. */
    void fit(DataSetIterator data);

    /** One training step on a minibatch. */
    void fit(DataSet batch);

    /** The last minibatch loss. */
    default double score() {
        return model().score();
    }

    /** The training listeners. */
    Collection<TrainingListener> listeners();

    /** Replaces the training listeners. */
    default void setListeners(Collection<TrainingListener> listeners) {
        model().setListeners(listeners);
    }

    /** Sets the learning rate of every layer's updater. */
    void setLearningRate(double learningRate);

    /**
     * The gradient of the loss on a minibatch without updating the weights ({@link #clear()} afterwards drops
     * the cached activations).
     */
    Gradient gradient(DataSet batch);

    /** Drops inputs, labels and activations cached by the last pass. */
    default void clear() {
        model().clear();
    }

    /** The optimizer state as one flat vector, or null when the network has none yet. */
    INDArray updaterState();

    /** Iterations trained so far (what learning-rate schedules see). */
    int iterationCount();

    /** Epochs trained so far. */
    int epochCount();

    /** Sets the iteration and epoch counters. */
    void setCounts(int iterations, int epochs);

    /**
     * A network of its own with the same configuration (counters included) and parameters and, when this one
     * was never fitted, no updater state. DL4J's {@code clone()} shares each layer's updater objects, which
     * {@code setLearningRate} changes in place; the copy gets updaters of its own, so setting its rate never
     * changes this network's configuration (hence its fingerprint).
     */
    Net copy();

    /** A fresh random initialisation of the same architecture, every layer seeded with {@code seed}. */
    Net freshInit(long seed);

    /** The layer graph: every layer and vertex in topological order (a chain's layers in order). */
    List<Node> nodes();

    /** The layer nodes of {@link #nodes()}. */
    default List<Node> layers() {
        return nodes().stream().filter(Node::isLayer).toList();
    }

    /** The node with this name, or null. */
    default Node node(String name) {
        for (Node n : nodes()) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        return null;
    }

    /** A {@link MultiLayerNetwork}: a chain of layers named by their index. */
    final class Chain implements Net {
        private final MultiLayerNetwork network;

        /** Wraps {@code network}. */
        public Chain(MultiLayerNetwork network) {
            this.network = Objects.requireNonNull(network, "network");
        }

        /** The DL4J network. */
        public MultiLayerNetwork network() {
            return network;
        }

        @Override
        public Model model() {
            return network;
        }

        @Override
        public String configJson() {
            return network.getLayerWiseConfigurations().toJson();
        }

        @Override
        public INDArray param(String key) {
            return network.getParam(key);
        }

        @Override
        public Map<String, INDArray> layerParams(String node) {
            return network.getLayer(Integer.parseInt(node)).paramTable();
        }

        @Override
        public INDArray output(INDArray features, INDArray featuresMask, INDArray labelsMask) {
            return network.output(features, false, featuresMask, labelsMask);
        }

        @Override
        public INDArray scoreExamples(DataSet batch) {
            return network.scoreExamples(batch, false);
        }

        /** Trains on {@code data}; the first layer skips the input gradient DL4J would discard ({@link InputGradient}). */
        @Override
        public void fit(DataSetIterator data) {
            FastUpdaters.install(network);
            InputGradient.unusedDuring(network, () -> network.fit(data));
        }

        /** Trains on {@code batch}; the first layer skips the input gradient DL4J would discard. */
        @Override
        public void fit(DataSet batch) {
            FastUpdaters.install(network);
            InputGradient.unusedDuring(network, () -> network.fit(batch));
        }

        @Override
        public Collection<TrainingListener> listeners() {
            return network.getListeners();
        }

        @Override
        public void setLearningRate(double learningRate) {
            network.setLearningRate(learningRate);
        }

        @Override
        public Gradient gradient(DataSet batch) {
            network.setInput(batch.getFeatures());
            network.setLabels(batch.getLabels());
            network.computeGradientAndScore();
            return network.gradient();
        }

        @Override
        public INDArray updaterState() {
            return network.getUpdater() == null ? null : network.getUpdater().getStateViewArray();
        }

        @Override
        public int iterationCount() {
            return network.getLayerWiseConfigurations().getIterationCount();
        }

        @Override
        public int epochCount() {
            return network.getLayerWiseConfigurations().getEpochCount();
        }

        @Override
        public void setCounts(int iterations, int epochs) {
            network.getLayerWiseConfigurations().setIterationCount(iterations);
            network.getLayerWiseConfigurations().setEpochCount(epochs);
        }

        @Override
        public Chain copy() {
            MultiLayerNetwork c = network.clone();
            for (NeuralNetConfiguration conf : c.getLayerWiseConfigurations().getConfs()) {
                isolateUpdaters(conf.getLayer());
            }
            return new Chain(c);
        }

        @Override
        public Chain freshInit(long seed) {
            MultiLayerConfiguration conf = network.getLayerWiseConfigurations().clone();
            for (NeuralNetConfiguration c : conf.getConfs()) {
                c.setSeed(seed);
            }
            MultiLayerNetwork fresh = new MultiLayerNetwork(conf);
            fresh.init();
            return new Chain(fresh);
        }

        @Override
        public List<Node> nodes() {
            MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
            int n = conf.getConfs().size();
            List<Node> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(new Node(String.valueOf(i), i, conf.getConf(i).getLayer(), null,
                        List.of(i == 0 ? "input" : String.valueOf(i - 1)), conf.getInputPreProcess(i), i == n - 1));
            }
            return out;
        }

        @Override
        public String toString() {
            return "MultiLayerNetwork[" + network.getnLayers() + " layers, " + network.numParams() + " params]";
        }
    }

    /** A {@link ComputationGraph}: layers and vertices named in its configuration. */
    final class Graph implements Net {
        private final ComputationGraph network;

        /** Wraps {@code network}. */
        public Graph(ComputationGraph network) {
            this.network = Objects.requireNonNull(network, "network");
        }

        /** The DL4J network. */
        public ComputationGraph network() {
            return network;
        }

        @Override
        public Model model() {
            return network;
        }

        @Override
        public String configJson() {
            return network.getConfiguration().toJson();
        }

        @Override
        public INDArray param(String key) {
            return network.paramTable().get(key);
        }

        @Override
        public Map<String, INDArray> layerParams(String node) {
            org.deeplearning4j.nn.api.Layer l = network.getLayer(node);
            if (l == null) {
                throw new ModelException("the graph has no layer " + node);
            }
            return l.paramTable();
        }

        @Override
        public INDArray output(INDArray features, INDArray featuresMask, INDArray labelsMask) {
            return network.output(false, new INDArray[] {features},
                    featuresMask == null ? null : new INDArray[] {featuresMask},
                    labelsMask == null ? null : new INDArray[] {labelsMask})[0];
        }

        @Override
        public INDArray scoreExamples(DataSet batch) {
            return network.scoreExamples(batch, false);
        }

        @Override
        public void fit(DataSetIterator data) {
            FastUpdaters.install(network);
            network.fit(data);
        }

        @Override
        public void fit(DataSet batch) {
            FastUpdaters.install(network);
            network.fit(batch);
        }

        @Override
        public Collection<TrainingListener> listeners() {
            return network.getListeners();
        }

        @Override
        public void setLearningRate(double learningRate) {
            network.setLearningRate(learningRate);
        }

        @Override
        public Gradient gradient(DataSet batch) {
            network.setInputs(batch.getFeatures());
            network.setLabels(batch.getLabels());
            network.computeGradientAndScore();
            return network.gradient();
        }

        @Override
        public INDArray updaterState() {
            return network.getUpdater() == null ? null : network.getUpdater().getStateViewArray();
        }

        @Override
        public int iterationCount() {
            return network.getConfiguration().getIterationCount();
        }

        @Override
        public int epochCount() {
            return network.getConfiguration().getEpochCount();
        }

        @Override
        public void setCounts(int iterations, int epochs) {
            network.getConfiguration().setIterationCount(iterations);
            network.getConfiguration().setEpochCount(epochs);
        }

        /**
         * Built as DL4J's {@code ComputationGraph.clone()} does, minus one thing: that clone hands the copy the
         * original's listener collection itself, and {@code setListeners} clears and refills that collection in
         * place, so two copies of one template fine-tuned at the same time (two Spark task threads) each ran
         * both candidates' mask enforcers, and their masks and weights differed from a serial run.
         */
        @Override
        public Graph copy() {
            ComputationGraph c = new ComputationGraph(network.getConfiguration().clone());
            c.init(network.params().dup(), false);
            org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater u = network.getUpdater(false);
            if (u != null && u.getStateViewArray() != null) {
                c.getUpdater().setStateViewArray(u.getStateViewArray().dup());
            }
            c.setListeners(new ArrayList<>(network.getListeners()));
            for (GraphVertex v : c.getConfiguration().getVertices().values()) {
                if (v instanceof LayerVertex lv) {
                    isolateUpdaters(lv.getLayerConf().getLayer());
                }
            }
            return new Graph(c);
        }

        @Override
        public Graph freshInit(long seed) {
            ComputationGraphConfiguration conf = network.getConfiguration().clone();
            conf.getDefaultConfiguration().setSeed(seed);
            for (GraphVertex v : conf.getVertices().values()) {
                if (v instanceof LayerVertex lv) {
                    lv.getLayerConf().setSeed(seed);
                }
            }
            ComputationGraph fresh = new ComputationGraph(conf);
            fresh.init();
            return new Graph(fresh);
        }

        @Override
        public List<Node> nodes() {
            ComputationGraphConfiguration conf = network.getConfiguration();
            List<String> outputs = conf.getNetworkOutputs();
            List<Node> out = new ArrayList<>();
            for (String name : topologicalOrder(conf)) {
                GraphVertex v = conf.getVertices().get(name);
                Layer layer = null;
                InputPreProcessor pre = null;
                if (v instanceof LayerVertex lv) {
                    layer = lv.getLayerConf().getLayer();
                    pre = lv.getPreProcessor();
                }
                out.add(new Node(name, out.size(), layer, v, conf.getVertexInputs().getOrDefault(name, List.of()),
                        pre, outputs.contains(name)));
            }
            return out;
        }

        /**
         * The vertices (network inputs excluded) in topological order: Kahn's algorithm taking ready vertices in
         * the configuration's own order, so the same configuration always gives the same order.
         */
        private static List<String> topologicalOrder(ComputationGraphConfiguration conf) {
            Map<String, List<String>> inputs = conf.getVertexInputs();
            Map<String, Integer> pending = new LinkedHashMap<>();
            Map<String, List<String>> consumers = new HashMap<>();
            for (String name : conf.getVertices().keySet()) {
                List<String> in = inputs.getOrDefault(name, List.of());
                int waiting = 0;
                for (String i : in) {
                    if (!conf.getNetworkInputs().contains(i)) {
                        waiting++;
                        consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(name);
                    }
                }
                pending.put(name, waiting);
            }
            List<String> order = new ArrayList<>();
            Deque<String> ready = new ArrayDeque<>();
            pending.forEach((name, waiting) -> {
                if (waiting == 0) {
                    ready.add(name);
                }
            });
            while (!ready.isEmpty()) {
                String name = ready.poll();
                order.add(name);
                for (String c : consumers.getOrDefault(name, List.of())) {
                    if (pending.merge(c, -1, Integer::sum) == 0) {
                        ready.add(c);
                    }
                }
            }
            if (order.size() != pending.size()) {
                throw new ModelException("the graph configuration has a cycle or a vertex reading an unknown input");
            }
            return order;
        }

        @Override
        public String toString() {
            return "ComputationGraph[" + network.getNumLayers() + " layers, " + network.numParams() + " params]";
        }
    }

    private static void isolateUpdaters(Layer layer) {
        if (layer instanceof BaseLayer b) {
            if (b.getIUpdater() != null) {
                b.setIUpdater(b.getIUpdater().clone());
            }
            if (b.getBiasUpdater() != null) {
                b.setBiasUpdater(b.getBiasUpdater().clone());
            }
        }
    }
}
