package io.prunesweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prunesweep.testing.Prerequisites;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code conf/sweeps/keras-import.yaml} end to end through the CLI on {@code local[2]}: the committed
 * Keras fixture is imported (not trained), every candidate finishes, and the dense baseline has the accuracy of a
 * trained model, which random or misread weights would not have.
 */
class KerasImportSweepTest {
    @TempDir
    Path out;

    @Test
    void shippedKerasImportSpecRunsEndToEnd() throws IOException {
        Prerequisites.requireFashionMnist();
        PrintStream oldOut = System.out;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setOut(new PrintStream(log, true));
        int code;
        long t0 = System.nanoTime();
        try {
            code = Main.execute(new String[] {"sweep", "--spec", "conf/sweeps/keras-import.yaml", "--out",
                out.toString(), "--master", "local[2]"});
        } finally {
            System.setOut(oldOut);
        }
        System.out.printf("keras-import sweep in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        String text = log.toString();
        assertEquals(0, code, text);
        assertTrue(text.contains("importing Keras model conf/keras/fashion-mlp.h5"), text);
        assertFalse(text.contains("training base model"), "the imported model must not be trained: " + text);

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> rows = new ArrayList<>();
        try (Stream<Path> s = Files.list(out.resolve("results"))) {
            for (Path p : s.toList()) {
                rows.add(json.readTree(p.toFile()));
            }
        }
        assertEquals(6, rows.size());
        for (JsonNode r : rows) {
            assertEquals("ok", r.get("status").asText(), r.toString());
            assertEquals(784 * 64 + 64 + 64 * 10 + 10, r.get("params").asLong());
        }
        JsonNode baseline = json.readTree(out.resolve("front.json").toFile()).get("summary").get("baseline");
        // the NumPy-trained fixture scores 83.7 % on the test set (jobs/keras-fixtures.py); 10 % would be chance
        assertTrue(baseline.get("valAccuracy").asDouble() > 0.8, baseline.toString());
        assertTrue(Files.exists(out.resolve("report.html")));
    }

    @Test
    void functionalKerasCnnWithBatchNormAndAResidualAddIsSweptAsAComputationGraph() throws IOException {
        Prerequisites.requireFashionMnist();
        Path spec = out.resolve("functional.yaml");
        // the fixture's weights are random: one epoch of further training makes its accuracy mean something
        Files.writeString(spec, """
                name: keras-functional
                seed: 7
                model: {keras: src/test/resources/keras/residual-cnn.h5, epochs: 1, batchSize: 64}
                data: {format: idx, dir: /usr/share/datasets/fashion-mnist, validation: 500, trainLimit: 3000, testLimit: 500}
                space: {criterion: [magnitude], granularity: [element], sparsity: [0.5], fineTuneEpochs: [1]}
                objectives: [val_accuracy, nonzero_params]
                """);
        PrintStream oldOut = System.out;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setOut(new PrintStream(log, true));
        int code;
        try {
            code = Main.execute(new String[] {"sweep", "--spec", spec.toString(), "--out",
                out.resolve("functional").toString(), "--master", "local[2]"});
        } finally {
            System.setOut(oldOut);
        }
        String text = log.toString();
        System.out.println(text);
        assertEquals(0, code, text);
        assertTrue(text.contains("training base model keras "), text);
        JsonNode row;
        try (Stream<Path> s = Files.list(out.resolve("functional").resolve("results"))) {
            List<Path> files = s.toList();
            assertEquals(1, files.size());
            row = new ObjectMapper().readTree(files.get(0).toFile());
        }
        assertEquals("ok", row.get("status").asText(), row.toString());
        // 4+4 filters of 3x3, two batch norms, a 196x10 output layer
        assertEquals((9 * 4 + 4) + 4 * 4 + (36 * 4 + 4) + 4 * 4 + (196 * 10 + 10), row.get("params").asLong());
        assertTrue(row.get("valAccuracy").asDouble() > 0.3, row.toString());
        assertTrue(row.get("flops").asLong() > 0, row.toString());
    }
}
