package io.prunesweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.model.GraphZoo;
import io.prunesweep.model.InputSpec;
import io.prunesweep.model.ModelStore;
import io.prunesweep.model.ModelZoo;
import io.prunesweep.model.Net;
import io.prunesweep.testing.CliRun;
import io.prunesweep.testing.TinyIdx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A base model that cannot read the sweep's data (issue 11, item 8) exits 2 before any candidate runs, for every
 * kind of base model: zoo MultiLayerNetwork and ComputationGraph, a MultiLayerNetwork zip and a ComputationGraph zip
 * ({@code model.path}), a Keras import trained further; the message names the spec file and field, the model's
 * input shape and the data's. The data: 4×4 grey images (IDX, shape [1, 4, 4], 16 features) and the same 16 values
 * as flat CSV rows; models are built untrained, so nothing here trains.
 */
class ModelDataMismatchTest {
    @TempDir
    static Path dir;
    private static Path idx;
    private static Path csv;

    @BeforeAll
    static void tinyData() throws IOException {
        idx = Files.createDirectories(dir.resolve("idx"));
        StringBuilder rows = new StringBuilder();
        for (String prefix : List.of("train", "t10k")) {
            int count = prefix.equals("train") ? 60 : 20;
            TinyIdx.write(idx, prefix, count, 4, 4, i -> i % 10, TinyIdx::pixel);
            // the same images as flat CSV rows
            for (int i = 0; i < count; i++) {
                rows.append(i % 10);
                for (int p = 0; p < 16; p++) {
                    rows.append(',').append(TinyIdx.pixel(i, p) / 255.0);
                }
                rows.append('\n');
            }
        }
        csv = Files.writeString(dir.resolve("flat.csv"), rows);
    }

    private static String idxData() {
        return "{format: idx, dir: '" + idx + "', validation: 10}";
    }

    private static String csvData() {
        return "{format: csv, train: '" + csv + "', test: '" + csv + "', labelColumn: 0, header: false, validation: 10}";
    }

    private record Sweep(CliRun run, Path spec, Path out) {
    }

    private static Sweep sweep(String name, String model, String data) throws IOException {
        Path spec = Files.writeString(dir.resolve(name + ".yaml"), """
                name: NAME
                model: MODEL
                data: DATA
                space: {criterion: [magnitude], granularity: [element], sparsity: [0.5], fineTuneEpochs: [1]}
                objectives: [val_accuracy, nonzero_params]
                """.replace("NAME", name).replace("MODEL", model).replace("DATA", data));
        Path out = dir.resolve("out-" + name);
        return new Sweep(CliRun.of("sweep", "--spec", spec.toString(), "--out", out.toString(), "--master", "local[1]"),
                spec, out);
    }

    /** Exit 2, every string named on stderr, and neither a result row nor a candidate model written. */
    private static void refused(Sweep s, String... named) throws IOException {
        assertEquals(2, s.run().code(), s.run().out() + s.run().err());
        for (String n : List.of(named)) {
            assertTrue(s.run().err().contains(n), "message does not name '" + n + "': " + s.run().err());
        }
        assertTrue(s.run().err().contains(s.spec().toString()), "message does not name the spec: " + s.run().err());
        for (String sub : List.of("results", "models")) {
            Path d = s.out().resolve(sub);
            if (Files.isDirectory(d)) {
                try (Stream<Path> files = Files.list(d)) {
                    List<Path> written = files.filter(f -> !f.getFileName().toString().startsWith(".")).toList();
                    assertEquals(List.of(), written, "files written in " + d);
                }
            }
        }
    }

    private static Path save(Net net, String name) {
        Path zip = dir.resolve(name + ".zip");
        ModelStore.save(net, Optional.empty(), zip);
        return zip;
    }

    /** A convolution over 2×8 grey images (16 values, as the data's 4×4): only the shapes differ. */
    private static MultiLayerNetwork convOn2x8() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new ConvolutionLayer.Builder(1, 1).nOut(2).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(2, 8, 1))
                .build());
        net.init();
        return net;
    }

    @Test
    void zooMultiLayerNetworkThatNeedsImagesOnFlatData() throws IOException {
        refused(sweep("zoo-cnn", "{zoo: cnn, epochs: 1}", csvData()), "model.zoo", "cnn model needs image input",
                "16 flat features");
    }

    @Test
    void zooComputationGraphThatNeedsImagesOnFlatData() throws IOException {
        refused(sweep("zoo-resnet", "{zoo: resnet, widths: [1, 1, 1], epochs: 1}", csvData()), "model.zoo",
                "resnet model needs image input", "16 flat features");
    }

    @Test
    void multiLayerNetworkZipOfAnotherImageShape() throws IOException {
        Path zip = save(Net.of(convOn2x8()), "conv-2x8");
        refused(sweep("path-conv", "{path: '" + zip + "'}", idxData()), "model.path", zip.toString(),
                "model input [1, 2, 8]", "data [1, 4, 4]");
    }

    @Test
    void multiLayerNetworkZipOfAnotherWidth() throws IOException {
        Path zip = save(Net.of(ModelZoo.build("mlp", InputSpec.flat(100), 10, 1, 0.001)), "mlp-100");
        refused(sweep("path-mlp", "{path: '" + zip + "'}", idxData()), "model.path", "model input 100 features",
                "data [1, 4, 4] (16 features)");
    }

    @Test
    void computationGraphZipOfAnotherImageShape() throws IOException {
        Path zip = save(Net.of(GraphZoo.build("resnet", InputSpec.image(1, 2, 8), 10, 1, 0.001, List.of(1, 1, 1))),
                "resnet-2x8");
        refused(sweep("path-graph", "{path: '" + zip + "'}", idxData()), "model.path", zip.toString(),
                "model input [1, 2, 8]", "data [1, 4, 4]");
    }

    @Test
    void computationGraphZipWithOtherClassesThanTheData() throws IOException {
        Path zip = save(Net.of(GraphZoo.build("resnet", InputSpec.image(1, 4, 4), 3, 1, 0.001, List.of(1, 1, 1))),
                "resnet-3-classes");
        refused(sweep("path-classes", "{path: '" + zip + "'}", idxData()), "model.path",
                "output layer output has 3 outputs but the data has 10 classes");
    }

    @Test
    void kerasModelToBeTrainedFurtherIsCheckedBeforeTraining() throws IOException {
        Path h5 = Path.of("conf/keras/fashion-mlp.h5").toAbsolutePath();
        Sweep s = sweep("keras-epochs", "{keras: '" + h5 + "', epochs: 1}", idxData());
        refused(s, "model.keras", h5.toString(), "model input 784 features", "data [1, 4, 4] (16 features)");
        assertFalse(s.run().out().contains("training base model"), s.run().out());
    }

    @Test
    void pruneCommandRefusesAGraphOfAnotherImageShapeBeforePruning() {
        Path zip = save(Net.of(GraphZoo.build("resnet", InputSpec.image(1, 2, 8), 10, 1, 0.001, List.of(1, 1, 1))),
                "prune-resnet-2x8");
        Path pruned = dir.resolve("pruned.zip");
        CliRun r = CliRun.of("prune", "--model", zip.toString(), "--data-dir", idx.toString(), "--validation", "10",
                "--out", pruned.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        for (String n : List.of(zip.toString(), "model input [1, 2, 8]", "data [1, 4, 4]")) {
            assertTrue(r.err().contains(n), "message does not name '" + n + "': " + r.err());
        }
        assertFalse(Files.exists(pruned));
    }
}
