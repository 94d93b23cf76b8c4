package io.prunesweep.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prunesweep.storage.StoragePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Imports a Keras 2 model saved as HDF5 ({@code model.save("m.h5")}) through DL4J's model import: a
 * {@code Sequential} model becomes a {@link MultiLayerNetwork}, a functional one ({@code Functional} or
 * {@code Model}) a {@link ComputationGraph}, weights included.
 *
 * <p>Two things are changed after DL4J's import, so the network prunes and fine-tunes like a zoo model:
 * <ul>
 *   <li>DL4J appends a parameterless {@code LossLayer} after the Keras output layer (from the file's
 *       {@code training_config}); the Dense layer and that loss are merged into one {@code OutputLayer} with
 *       the same weights, so the last layer with weights is the output layer, which prunesweep leaves whole
 *       unless {@code pruneOutputLayer} is set. Without a training configuration, a softmax Dense output gets
 *       cross-entropy.</li>
 *   <li>every layer gets Adam at the given learning rate (fine-tuning sets its own rate), whatever optimizer
 *       the file names, as for the zoo models.</li>
 * </ul>
 *
 * <p>Bad input (exit 2 through {@link ModelException}): a file that is not HDF5, one without
 * {@code model_config}, or a layer DL4J cannot import, named with its Keras class.
 */
public final class KerasImport {
    /** HDF5's format signature, at offset 0 or after a user block of 512·2^k bytes. */
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * DL4J's import leaves each layer's seed at the wall-clock time of the import, so two imports of one file
     * would differ in configuration, model fingerprint and so every candidate id (a resumed sweep would rerun
     * everything). The seed only drives weight initialisation, which the file's weights replace, so a constant.
     */
    private static final long IMPORT_SEED = 0;

    private KerasImport() {
    }

    /**
     * An imported network: exactly one of {@code sequential} and {@code graph} is set.
     *
     * @param file       where it was read from (for messages)
     * @param sequential the network of a Keras {@code Sequential} model, or null
     * @param graph      the network of a functional Keras model, or null
     */
    public record Imported(String file, MultiLayerNetwork sequential, ComputationGraph graph) {
        public Imported {
            if ((sequential == null) == (graph == null)) {
                throw new IllegalArgumentException("exactly one of sequential and graph must be set");
            }
        }

        /** The network, of either kind. */
        public Net net() {
            return Net.of(sequential != null ? sequential : graph);
        }

        /** Whether the file held a functional model (a {@link ComputationGraph}). */
        public boolean isGraph() {
            return graph != null;
        }
    }

    /**
     * Reads and imports a Keras HDF5 model.
     *
     * @param file         the {@code .h5} file, on any store {@link StoragePath} reaches
     * @param learningRate the Adam learning rate every layer gets
     * @throws ModelException       bad input: missing file, not HDF5, no {@code model_config}, a layer DL4J
     *                              cannot import
     * @throws UncheckedIOException the file cannot be read or the local copy written (a run-time failure)
     */
    public static Imported load(StoragePath file, double learningRate) {
        byte[] bytes;
        try {
            if (!file.exists() || file.isDirectory()) {
                throw new ModelException("Keras model file not found: " + file.absolute());
            }
            bytes = file.readBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Keras model " + file + ": " + e.getMessage(), e);
        }
        String name = file.toString();
        if (!isHdf5(bytes)) {
            throw new ModelException(name + ": not an HDF5 file (no HDF5 signature); model.keras expects a Keras 2 "
                    + "model saved with model.save(\"model.h5\")");
        }
        // DL4J reads HDF5 through the HDF5 C library, which opens files by name only (its InputStream overloads
        // copy to a temporary file as well), so a model on HDFS or S3 is copied to a local temporary file first.
        Path tmp = null;
        try {
            tmp = Files.createTempFile("prunesweep-keras-", ".h5");
            Files.write(tmp, bytes);
            return importLocal(name, tmp, learningRate);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy Keras model " + name + " to a local file: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless; the import's outcome stands
                }
            }
        }
    }

    /**
     * {@link #load} as a base model: the network, no sidecar, its fingerprint and its DL4J zip bytes (what executors
     * rebuild it from).
     */
    public static ModelStore.LoadedModel loadAsBase(StoragePath file, double learningRate) {
        Net net = load(file, learningRate).net();
        return new ModelStore.LoadedModel(net, Optional.empty(), ModelStore.fingerprint(net), ModelStore.toBytes(net));
    }

    /** Whether a path names a Keras HDF5 file by its extension ({@code .h5}, {@code .hdf5}). */
    public static boolean isKerasFileName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".h5") || n.endsWith(".hdf5");
    }

    static boolean isHdf5(byte[] bytes) {
        for (long at = 0; at + HDF5_SIGNATURE.length <= bytes.length; at = at == 0 ? 512 : at * 2) {
            boolean match = true;
            for (int i = 0; i < HDF5_SIGNATURE.length && match; i++) {
                match = bytes[(int) at + i] == HDF5_SIGNATURE[i];
            }
            if (match) {
                return true;
            }
        }
        return false;
    }

    private static Imported importLocal(String name, Path local, double learningRate) throws IOException {
        String config;
        try (Hdf5Archive archive = new Hdf5Archive(local.toString())) {
            if (!archive.hasAttribute("model_config")) {
                throw new ModelException(name + ": not a Keras model: the HDF5 file has no model_config attribute "
                        + "(model.save(\"model.h5\") writes it; a file from save_weights holds weights only)");
            }
            config = archive.readAttributeAsJson("model_config");
        } catch (ModelException e) {
            throw e;
        } catch (Exception | Error e) {
            throw new ModelException(name + ": cannot read the HDF5 file (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(config.trim());
        } catch (IOException e) {
            throw new ModelException(name + ": model_config is not valid JSON: " + e.getMessage(), e);
        }
        String kind = root.path("class_name").asText("");
        List<KerasLayerRef> layers = layers(root);
        try {
            return switch (kind) {
                case "Sequential" -> new Imported(name, asOutputNetwork(name,
                        KerasModelImport.importKerasSequentialModelAndWeights(local.toString(), false), learningRate),
                        null);
                case "Functional", "Model" -> new Imported(name, null, asOutputGraph(name,
                        KerasModelImport.importKerasModelAndWeights(local.toString(), false), learningRate,
                        imageInputs(root)));
                default -> throw new ModelException(name + ": model_config.class_name = '" + kind
                        + "': expected Sequential, Functional or Model");
            };
        } catch (ModelException e) {
            throw e;
        } catch (Exception | Error e) {
            // DL4J's import reports unsupported layers with their Keras class (UnsupportedKerasConfigurationException)
            // but other faults as plain runtime exceptions: both are faults of the file, so both are bad input
            throw new ModelException(describe(name, layers, e), e);
        }
    }

    /** A layer of the model's configuration: its name and Keras class. */
    record KerasLayerRef(String name, String className) {
    }

    /** The layers of a Sequential (old list form or {@code {layers: [...]}}) or functional configuration. */
    static List<KerasLayerRef> layers(JsonNode root) {
        JsonNode cfg = root.path("config");
        JsonNode list = cfg.isArray() ? cfg : cfg.path("layers");
        List<KerasLayerRef> out = new ArrayList<>();
        for (JsonNode l : list) {
            String n = l.path("config").path("name").asText(l.path("name").asText("?"));
            out.add(new KerasLayerRef(n, l.path("class_name").asText("?")));
        }
        return out;
    }

    /**
     * The message for a failed import, naming the layer whose Keras class (or name) DL4J's message mentions;
     * the longest match wins, so {@code Conv2DTranspose} is not taken for {@code Conv2D}.
     */
    static String describe(String file, List<KerasLayerRef> layers, Throwable e) {
        String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
        KerasLayerRef best = null;
        int bestLength = 0;
        for (KerasLayerRef l : layers) {
            for (String token : List.of(l.className(), l.name())) {
                if (token.length() > bestLength && mentions(msg, token)) {
                    best = l;
                    bestLength = token.length();
                }
            }
        }
        if (best == null) {
            return file + ": DL4J cannot import this Keras model (" + msg + ")";
        }
        return file + ": layer '" + best.name() + "' (Keras class " + best.className()
                + ") cannot be imported by DL4J (" + msg + ")";
    }

    private static boolean mentions(String text, String token) {
        return Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(token) + "(?![A-Za-z0-9_])").matcher(text).find();
    }

    /**
     * The image inputs of a functional model: input layer name to its {@code batch_input_shape} without the batch
     * dimension, for inputs of rank 3 (height, width, channels as Keras writes channels_last).
     */
    static Map<String, long[]> imageInputs(JsonNode root) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (JsonNode l : root.path("config").path("layers")) {
            JsonNode shape = l.path("config").path("batch_input_shape");
            if ("InputLayer".equals(l.path("class_name").asText()) && shape.size() == 4) {
                out.put(l.path("config").path("name").asText(),
                        new long[] {shape.get(1).asLong(), shape.get(2).asLong(), shape.get(3).asLong()});
            }
        }
        return out;
    }

    /** The imported Sequential network with its Dense + LossLayer ending merged into an OutputLayer. */
    static MultiLayerNetwork asOutputNetwork(String file, MultiLayerNetwork imported, double learningRate) {
        MultiLayerConfiguration conf = imported.getLayerWiseConfigurations().clone();
        List<NeuralNetConfiguration> confs = new ArrayList<>(conf.getConfs());
        int last = confs.size() - 1;
        Layer end = confs.get(last).getLayer();
        ILossFunction loss = null;
        if (end instanceof LossLayer ll && last > 0 && !conf.getInputPreProcessors().containsKey(last)) {
            loss = ll.getLossFn();
            confs.remove(last);
            last--;
        }
        Layer out = confs.get(last).getLayer();
        if (!(out instanceof OutputLayer)) {
            confs.get(last).setLayer(outputLayer(file, out, loss));
        }
        conf.setConfs(confs);
        for (NeuralNetConfiguration c : confs) {
            adam(c.getLayer(), learningRate);
            dropNoOpDropout(c.getLayer());
            c.setSeed(IMPORT_SEED);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        copyParams(imported.paramTable(), net.paramTable(), file);
        return net;
    }

    /** The imported functional network, each output's Dense + LossLayer merged into an OutputLayer. */
    static ComputationGraph asOutputGraph(String file, ComputationGraph imported, double learningRate,
                                          Map<String, long[]> imageInputs) {
        ComputationGraphConfiguration conf = imported.getConfiguration().clone();
        Map<String, GraphVertex> vertices = conf.getVertices();
        Map<String, long[]> flattenedHwc = toChannelsFirst(conf, imageInputs);
        if (flattenedHwc == null) {
            // left channels_last: it imports and runs, but its first layer reads no flat row, so a sweep refuses it
            // naming that layer (InputSpec.of)
            flattenedHwc = Map.of();
        }
        List<String> outputs = new ArrayList<>(conf.getNetworkOutputs());
        for (int i = 0; i < outputs.size(); i++) {
            String o = outputs.get(i);
            String target = o;
            ILossFunction loss = null;
            List<String> in = conf.getVertexInputs().get(o);
            if (vertices.get(o) instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof LossLayer ll
                    && lv.getPreProcessor() == null && in != null && in.size() == 1
                    && vertices.get(in.get(0)) instanceof LayerVertex && consumers(conf, in.get(0)) == 1) {
                loss = ll.getLossFn();
                target = in.get(0);
                vertices.remove(o);
                conf.getVertexInputs().remove(o);
                outputs.set(i, target);
            }
            LayerVertex tv = (LayerVertex) vertices.get(target);
            if (tv == null) {
                throw new ModelException(file + ": output '" + target + "' is not a layer; prunesweep needs a layer "
                        + "with weights as the model's output");
            }
            if (!(tv.getLayerConf().getLayer() instanceof OutputLayer)) {
                NeuralNetConfiguration c = tv.getLayerConf().clone();
                c.setLayer(outputLayer(file, c.getLayer(), loss));
                vertices.put(target, new LayerVertex(c, tv.getPreProcessor()));
            }
        }
        conf.setNetworkOutputs(outputs);
        for (GraphVertex v : vertices.values()) {
            if (v instanceof LayerVertex lv) {
                adam(lv.getLayerConf().getLayer(), learningRate);
                dropNoOpDropout(lv.getLayerConf().getLayer());
                lv.getLayerConf().setSeed(IMPORT_SEED);
            }
        }
        conf.getDefaultConfiguration().setSeed(IMPORT_SEED);
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        copyParams(imported.paramTable(), g.paramTable(), file);
        for (var e : flattenedHwc.entrySet()) {
            // the flatten now reads (c, h, w); the consumer's rows were written for Keras's (h, w, c) order
            long[] hwc = e.getValue();
            INDArray w = g.getParam(e.getKey() + "_W");
            w.assign(w.dup('c').reshape('c', hwc[0], hwc[1], hwc[2], w.size(1)).permute(2, 0, 1, 3).dup('c')
                    .reshape('c', w.size(0), w.size(1)));
        }
        return g;
    }

    /** Layers whose channels_last form converts to channels_first by their format field alone. */
    private static final Set<Class<?>> LAYOUT_FREE = Set.of(ActivationLayer.class,
            DropoutLayer.class, DenseLayer.class, OutputLayer.class);

    /**
     * Turns an imported channels_last graph into the channels_first (NCHW) one the rest of prunesweep reads (its
     * zoo, pruning topology and surgery assume NCHW): convolution, pooling and batch-norm layers switch format
     * (DL4J keeps convolution weights as [out, in, kh, kw] in both), each image input gets DL4J's
     * {@link FeedForwardToCnnPreProcessor} from flat rows, each flatten reads NCHW and its Dense consumer's weight
     * rows are permuted from Keras's (h, w, c) order to (c, h, w) after the parameters are copied. Only graphs made
     * of vertices whose layout is known are converted.
     *
     * @return consumer layer name to the (h, w, c) of the flatten it reads, or null when the graph was left as is
     */
    private static Map<String, long[]> toChannelsFirst(ComputationGraphConfiguration conf,
                                                       Map<String, long[]> imageInputs) {
        Map<String, GraphVertex> vertices = conf.getVertices();
        Map<String, long[]> rows = new LinkedHashMap<>();
        boolean anyImage = false;
        for (var e : vertices.entrySet()) {
            GraphVertex v = e.getValue();
            if (v instanceof ElementWiseVertex) {
                continue;
            }
            if (v instanceof PreprocessorVertex pv && pv.getPreProcessor() instanceof CnnToFeedForwardPreProcessor f) {
                List<String> consumers = new ArrayList<>();
                conf.getVertexInputs().forEach((k, ins) -> {
                    if (ins.contains(e.getKey())) {
                        consumers.add(k);
                    }
                });
                if (f.getFormat() != CNN2DFormat.NHWC || consumers.size() != 1
                        || !(vertices.get(consumers.get(0)) instanceof LayerVertex c)
                        || !(c.getLayerConf().getLayer() instanceof DenseLayer
                        || c.getLayerConf().getLayer() instanceof OutputLayer) || c.getPreProcessor() != null) {
                    return null;
                }
                rows.put(consumers.get(0), new long[] {f.getInputHeight(), f.getInputWidth(), f.getNumChannels()});
                continue;
            }
            if (!(v instanceof LayerVertex lv) || lv.getPreProcessor() != null) {
                return null;
            }
            Layer l = lv.getLayerConf().getLayer();
            if (l.getClass() == ConvolutionLayer.class || l.getClass() == SubsamplingLayer.class) {
                anyImage = true;
                if (formatOf(l) != CNN2DFormat.NHWC) {
                    return null;
                }
            } else if (l.getClass() == BatchNormalization.class) {
                if (((BatchNormalization) l).getCnn2DFormat() != CNN2DFormat.NHWC) {
                    return null;
                }
            } else if (!LAYOUT_FREE.contains(l.getClass())) {
                return null;
            }
        }
        if (!anyImage) {
            return null;
        }
        for (var e : vertices.entrySet()) {
            if (e.getValue() instanceof LayerVertex lv) {
                Layer l = lv.getLayerConf().getLayer();
                if (l instanceof ConvolutionLayer c) {
                    c.setCnn2dDataFormat(CNN2DFormat.NCHW);
                } else if (l instanceof SubsamplingLayer p) {
                    p.setCnn2dDataFormat(CNN2DFormat.NCHW);
                } else if (l instanceof BatchNormalization b) {
                    b.setCnn2DFormat(CNN2DFormat.NCHW);
                }
                List<String> in = conf.getVertexInputs().get(e.getKey());
                if (in != null && in.size() == 1 && imageInputs.containsKey(in.get(0))) {
                    long[] hwc = imageInputs.get(in.get(0));
                    e.setValue(new LayerVertex(lv.getLayerConf(), new FeedForwardToCnnPreProcessor(hwc[0], hwc[1],
                            hwc[2])));
                }
            } else if (e.getValue() instanceof PreprocessorVertex pv
                    && pv.getPreProcessor() instanceof CnnToFeedForwardPreProcessor f) {
                e.setValue(new PreprocessorVertex(new CnnToFeedForwardPreProcessor(f.getInputHeight(),
                        f.getInputWidth(), f.getNumChannels(), CNN2DFormat.NCHW)));
            }
        }
        return rows;
    }

    private static CNN2DFormat formatOf(Layer l) {
        return l instanceof ConvolutionLayer c ? c.getCnn2dDataFormat() : ((SubsamplingLayer) l).getCnn2dDataFormat();
    }

    private static int consumers(ComputationGraphConfiguration conf, String vertex) {
        int n = 0;
        for (List<String> ins : conf.getVertexInputs().values()) {
            n += (int) ins.stream().filter(vertex::equals).count();
        }
        return n + (conf.getNetworkOutputs().contains(vertex) ? 1 : 0);
    }

    private static OutputLayer outputLayer(String file, Layer layer, ILossFunction loss) {
        if (!(layer instanceof DenseLayer d)) {
            throw new ModelException(file + ": the model's output layer '" + layer.getLayerName() + "' is a "
                    + layer.getClass().getSimpleName() + "; prunesweep needs a Dense output layer");
        }
        if (loss == null) {
            if (!(d.getActivationFn() instanceof ActivationSoftmax)) {
                throw new ModelException(file + ": the output layer '" + d.getLayerName() + "' has activation "
                        + d.getActivationFn() + " and the file has no training_config naming a loss; prunesweep "
                        + "needs a loss to fine-tune (save the model after compile(loss=...), or end in softmax)");
            }
            loss = new LossMCXENT();
        }
        OutputLayer o = new OutputLayer.Builder().lossFunction(loss).nIn(d.getNIn()).nOut(d.getNOut())
                .activation(d.getActivationFn()).weightInit(d.getWeightInitFn()).biasInit(d.getBiasInit())
                .hasBias(d.hasBias()).name(d.getLayerName()).build();
        o.setRegularization(d.getRegularization());
        o.setRegularizationBias(d.getRegularizationBias());
        o.setIDropout(d.getIDropout());
        o.setConstraints(d.getConstraints());
        o.setGradientNormalization(d.getGradientNormalization());
        o.setGradientNormalizationThreshold(d.getGradientNormalizationThreshold());
        return o;
    }

    /**
     * DL4J's import gives every layer a {@code Dropout(1.0)} (keep everything: no dropout) that the Keras model
     * does not have. It does nothing forward, but its backward pass multiplies the gradient of a channels_last
     * convolution by a mask of the other layout and fails (1.0.0-M2.1), so a model could not be fine-tuned.
     */
    private static void dropNoOpDropout(Layer layer) {
        if (layer.getIDropout() instanceof Dropout d && d.getP() == 1.0 && d.getPSchedule() == null) {
            layer.setIDropout(null);
        }
    }

    private static void adam(Layer layer, double learningRate) {
        if (layer instanceof BaseLayer b) {
            b.setIUpdater(FastAdam.of(new Adam(learningRate)));
            b.setBiasUpdater(null);
        }
    }

    private static void copyParams(Map<String, INDArray> from,
                                   Map<String, INDArray> to, String file) {
        if (!from.keySet().equals(to.keySet())) {
            throw new IllegalStateException(file + ": parameters changed while setting up the output layer: "
                    + from.keySet() + " -> " + to.keySet());
        }
        for (var e : from.entrySet()) {
            to.get(e.getKey()).assign(e.getValue());
        }
    }
}
