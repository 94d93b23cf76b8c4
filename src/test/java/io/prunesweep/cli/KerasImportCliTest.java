package io.prunesweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.testing.TinyIdx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep whose {@code model.keras} is not a usable Keras model exits 2 (bad input) before any candidate runs, and
 * the message names the file and, for a layer DL4J cannot import, the layer and its Keras class. Runs on a tiny IDX
 * dataset written here (the import fails before the data's width is compared with the model's).
 */
class KerasImportCliTest {
    private static final Path FIXTURES = Path.of("src/test/resources/keras").toAbsolutePath();
    @TempDir
    static Path dir;
    private static Path data;

    record Cli(int code, String err) {
    }

    @BeforeAll
    static void tinyDataset() throws IOException {
        data = Files.createDirectories(dir.resolve("idx"));
        for (String prefix : List.of("train", "t10k")) {
            TinyIdx.write(data, prefix, prefix.equals("train") ? 60 : 20, 4, 4, i -> i % 10, TinyIdx::pixel);
        }
    }

    private static Cli sweep(Path model, String name) throws IOException {
        Path spec = dir.resolve(name + ".yaml");
        Files.writeString(spec, """
                name: NAME
                model: {keras: 'MODEL'}
                data: {format: idx, dir: 'DATA', validation: 10}
                space: {criterion: [magnitude], granularity: [element], sparsity: [0.5], fineTuneEpochs: [1]}
                objectives: [val_accuracy, nonzero_params]
                """.replace("NAME", name).replace("MODEL", model.toString()).replace("DATA", data.toString()));
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true));
        System.setErr(new PrintStream(err, true));
        try {
            return new Cli(Main.execute(new String[] {"sweep", "--spec", spec.toString(), "--out",
                dir.resolve("out-" + name).toString(), "--master", "local[1]"}), err.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static void exits2Naming(Cli r, String... named) {
        assertEquals(2, r.code(), r.err());
        for (String n : named) {
            assertTrue(r.err().contains(n), "message does not name '" + n + "': " + r.err());
        }
    }

    @Test
    void fileThatIsNotHdf5() throws IOException {
        Path text = Files.writeString(dir.resolve("text.h5"), "{\"class_name\": \"Sequential\"}");
        exits2Naming(sweep(text, "text"), text.toString(), "not an HDF5 file");
    }

    @Test
    void hdf5WithoutModelConfig() throws IOException {
        Path f = FIXTURES.resolve("no-model-config.h5");
        exits2Naming(sweep(f, "noconfig"), f.toString(), "model_config");
    }

    @Test
    void layerDl4jCannotImportIsNamedWithItsClass() throws IOException {
        Path f = FIXTURES.resolve("unsupported-layer.h5");
        exits2Naming(sweep(f, "unsupported"), f.toString(), "layer 'rescaling'", "Keras class Rescaling");
    }

    @Test
    void modelInputWidthThatDiffersFromTheDataNamesBoth() throws IOException {
        Path f = Path.of("conf/keras/fashion-mlp.h5").toAbsolutePath();
        exits2Naming(sweep(f, "width"), f.toString(), "784", "16");
    }

    @Test
    void missingFile() throws IOException {
        Path f = dir.resolve("nowhere.h5");
        exits2Naming(sweep(f, "missing"), f.toString(), "not found");
    }


    private static String[] inspect(Path model, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
        try {
            return new String[] {String.valueOf(Main.execute(new String[] {"inspect", model.toString()}))};
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void inspectShowsAnImportedKerasModelAndNamesALayerItCannotImport() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals("0", inspect(FIXTURES.resolve("residual-cnn.h5"), out, err)[0], err.toString());
        assertTrue(out.toString().contains("2190 parameters"), out.toString());
        assertTrue(out.toString().contains("batch_normalization_1"), out.toString());
        ByteArrayOutputStream out2 = new ByteArrayOutputStream();
        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        Path bad = FIXTURES.resolve("unsupported-layer.h5");
        assertEquals("2", inspect(bad, out2, err2)[0], err2.toString());
        assertTrue(err2.toString().contains(bad.toString()) && err2.toString().contains("Keras class Rescaling"),
                err2.toString());
    }
}
