package io.prunesweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prunesweep.storage.StoragePath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Keras import against an independent NumPy forward pass: the fixtures and their expected outputs are written by
 * {@code jobs/keras-fixtures.py} (h5py + NumPy, Keras's HDF5 layout); DL4J must give NumPy's outputs within 1e-5.
 */
class KerasImportTest {
    private static final Path FIXTURES = Path.of("src/test/resources/keras");
    private static final double TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    record Forward(INDArray inputs, long[] shape, double[][] outputs) {
    }

    static Forward forward(Path json) throws IOException {
        JsonNode n = new ObjectMapper().readTree(json.toFile());
        long[] shape = new long[n.get("inputShape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = n.get("inputShape").get(i).asLong();
        }
        int rows = n.get("inputs").size();
        int cols = n.get("inputs").get(0).size();
        float[][] in = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                in[r][c] = (float) n.get("inputs").get(r).get(c).asDouble();
            }
        }
        double[][] out = new double[n.get("outputs").size()][];
        for (int r = 0; r < out.length; r++) {
            JsonNode row = n.get("outputs").get(r);
            out[r] = new double[row.size()];
            for (int c = 0; c < row.size(); c++) {
                out[r][c] = row.get(c).asDouble();
            }
        }
        return new Forward(Nd4j.create(in).castTo(DataType.FLOAT), shape, out);
    }

    private static void assertClose(double[][] expected, INDArray actual) {
        assertEquals(expected.length, actual.rows());
        double worst = 0;
        for (int r = 0; r < expected.length; r++) {
            assertEquals(expected[r].length, actual.columns());
            for (int c = 0; c < expected[r].length; c++) {
                worst = Math.max(worst, Math.abs(expected[r][c] - actual.getDouble(r, c)));
            }
        }
        System.out.printf("largest |DL4J - NumPy| = %.3g%n", worst);
        assertTrue(worst <= TOLERANCE, "DL4J differs from NumPy by " + worst);
    }

    private static KerasImport.Imported load(Path file) {
        return KerasImport.load(StoragePath.local(file), 0.001);
    }

    @Test
    void sequentialMlpImportsAsAMultiLayerNetworkWithNumPysOutputs() throws IOException {
        KerasImport.Imported imp = load(Path.of("conf/keras/fashion-mlp.h5"));
        assertFalse(imp.isGraph());
        MultiLayerNetwork net = imp.sequential();
        assertEquals(784 * 64 + 64 + 64 * 10 + 10, net.numParams());
        // DL4J's Dense + LossLayer ending is one OutputLayer here, with Adam for fine-tuning
        assertEquals(2, net.getnLayers());
        OutputLayer out = assertInstanceOf(OutputLayer.class, net.getLayerWiseConfigurations().getConf(1).getLayer());
        assertInstanceOf(Adam.class, out.getIUpdater());
        assertEquals(InputSpec.flat(784), InputSpec.of(imp.net()));
        Forward f = forward(FIXTURES.resolve("fashion-mlp.forward.json"));
        assertClose(f.outputs(), net.output(f.inputs()));
        // and it survives the zip round trip that ships base models to executors
        Net back = ModelStore.fromBytes(ModelStore.toBytes(imp.net()), "keras mlp");
        assertClose(f.outputs(), back.output(f.inputs(), null, null));
    }

    @Test
    void twoImportsOfOneFileAreTheSameModel() {
        // the fingerprint makes the candidate ids: a second import (a resumed sweep) must give the same one
        assertEquals(ModelStore.fingerprint(load(Path.of("conf/keras/fashion-mlp.h5")).net()),
                ModelStore.fingerprint(load(Path.of("conf/keras/fashion-mlp.h5")).net()));
        ComputationGraph a = load(FIXTURES.resolve("residual-cnn.h5")).graph();
        ComputationGraph b = load(FIXTURES.resolve("residual-cnn.h5")).graph();
        assertEquals(a.getConfiguration().toJson(), b.getConfiguration().toJson());
        assertEquals(a.params(), b.params());
    }

    @Test
    void functionalResidualCnnWithBatchNormImportsAsAComputationGraphWithNumPysOutputs() throws IOException {
        KerasImport.Imported imp = load(FIXTURES.resolve("residual-cnn.h5"));
        assertTrue(imp.isGraph());
        ComputationGraph g = imp.graph();
        long bn = g.getConfiguration().getVertices().values().stream()
                .filter(v -> v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BatchNormalization)
                .count();
        assertEquals(2, bn);
        assertTrue(g.getConfiguration().getVertices().values().stream().noneMatch(
                v -> v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof LossLayer));
        assertEquals(List.of("dense"), g.getConfiguration().getNetworkOutputs());
        Forward f = forward(FIXTURES.resolve("residual-cnn.forward.json"));
        // DL4J imports the layers channels_last; they are turned channels_first (as the rest of prunesweep reads
        // images), the graph reads prunesweep's flat rows (a grey 28x28 image per row) through DL4J's
        // FeedForwardToCnnPreProcessor, and the Dense layer after the flatten gets its rows in (c, h, w) order
        LayerVertex first = (LayerVertex) g.getConfiguration().getVertices().get("conv2d");
        assertEquals(CNN2DFormat.NCHW, ((ConvolutionLayer) first.getLayerConf().getLayer()).getCnn2dDataFormat());
        assertEquals(FeedForwardToCnnPreProcessor.class, first.getPreProcessor().getClass());
        assertEquals(InputSpec.image(1, 28, 28), InputSpec.of(imp.net()));
        assertClose(f.outputs(), g.outputSingle(f.inputs()));
        // and through the zip round trip (the preprocessor is ours, written into DL4J's configuration JSON)
        Net back = ModelStore.fromBytes(ModelStore.toBytes(imp.net()), "keras cnn");
        assertClose(f.outputs(), back.output(f.inputs(), null, null));
    }

    @Test
    void inputsThatAreNotKerasModelsAreNamedBadInput() throws IOException {
        Path text = Files.writeString(dir.resolve("model.h5"), "not an HDF5 file", StandardCharsets.UTF_8);
        ModelException notHdf5 = assertThrows(ModelException.class, () -> load(text));
        assertTrue(notHdf5.getMessage().contains(text.toString()) && notHdf5.getMessage().contains("not an HDF5"),
                notHdf5.getMessage());
        Path noConfig = FIXTURES.resolve("no-model-config.h5");
        ModelException missing = assertThrows(ModelException.class, () -> load(noConfig));
        assertTrue(missing.getMessage().contains("no-model-config.h5")
                && missing.getMessage().contains("model_config"), missing.getMessage());
        ModelException layer = assertThrows(ModelException.class, () -> load(FIXTURES.resolve("unsupported-layer.h5")));
        assertTrue(layer.getMessage().contains("unsupported-layer.h5")
                && layer.getMessage().contains("layer 'rescaling' (Keras class Rescaling)"), layer.getMessage());
        for (ModelException e : List.of(notHdf5, missing, layer)) {
            System.out.println(e.getMessage());
        }
        ModelException absent = assertThrows(ModelException.class, () -> load(dir.resolve("absent.h5")));
        assertTrue(absent.getMessage().contains("absent.h5"), absent.getMessage());
    }

    @Test
    void hdf5SignatureIsFoundAtOffsetZeroOrAfterAUserBlock() {
        byte[] sig = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
        byte[] atZero = new byte[600];
        System.arraycopy(sig, 0, atZero, 0, 8);
        assertTrue(KerasImport.isHdf5(atZero));
        byte[] at512 = new byte[600];
        System.arraycopy(sig, 0, at512, 512, 8);
        assertTrue(KerasImport.isHdf5(at512));
        byte[] at100 = new byte[600];
        System.arraycopy(sig, 0, at100, 100, 8);
        assertFalse(KerasImport.isHdf5(at100));
        assertFalse(KerasImport.isHdf5(new byte[3]));
    }

    @Test
    void aFailedImportNamesTheLayerWhoseClassTheMessageMentionsLongestMatchFirst() {
        List<KerasImport.KerasLayerRef> layers = List.of(new KerasImport.KerasLayerRef("c", "Conv2D"),
                new KerasImport.KerasLayerRef("up", "Conv2DTranspose"));
        String m = KerasImport.describe("m.h5", layers, new RuntimeException("Unsupported keras layer type Conv2DTranspose"));
        assertEquals("m.h5: layer 'up' (Keras class Conv2DTranspose) cannot be imported by DL4J (RuntimeException: "
                + "Unsupported keras layer type Conv2DTranspose)", m);
        assertTrue(KerasImport.describe("m.h5", layers, new RuntimeException("boom")).startsWith(
                "m.h5: DL4J cannot import this Keras model (RuntimeException: boom)"));
    }
}
