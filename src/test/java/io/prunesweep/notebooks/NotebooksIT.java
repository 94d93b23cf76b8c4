package io.prunesweep.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.data.DataSource;
import io.prunesweep.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every Zeppelin note under {@code notebooks/} through {@code spark-shell} with the packaged jar
 * ({@link NotebookRunner}), on a two-candidate sweep of a small Fashion-MNIST subset, and checks that every
 * {@code %spark} paragraph succeeded. An integration test (maven-failsafe, {@code mvn -B verify}): it needs
 * {@code target/prunesweep-*.jar}, {@code target/lib} and {@code target/repl-lib}, which exist only after
 * {@code package}.
 */
class NotebooksIT {
    private static final long TIMEOUT_S = 600;

    @TempDir
    Path tmp;

    @Test
    void everyNotebookParagraphRuns() throws Exception {
        Prerequisites.requireFashionMnist();
        Path home = Path.of(System.getProperty("prunesweep.home", ".")).toAbsolutePath();
        Path spec = tmp.resolve("tiny.yaml");
        Path out = tmp.resolve("sweep");
        // conf/sweeps/quick.yaml's shape, 2 candidates on a small subset, 1 epoch.
        Files.writeString(spec, """
                name: notebooks-it
                seed: 42
                model:
                  zoo: mlp
                  epochs: 1
                  batchSize: 128
                  learningRate: 0.001
                data:
                  format: idx
                  dir: %s
                  validation: 500
                  trainLimit: 2000
                  testLimit: 500
                space:
                  criterion: [magnitude]
                  granularity: [element, neuron]
                  scope: [layer]
                  sparsity: [0.8]
                  schedule: [one-shot]
                  fineTuneEpochs: [1]
                  learningRate: [0.001]
                  batchSize: 128
                search:
                  method: grid
                objectives: [val_accuracy, nonzero_params]
                spark:
                  parallelism: 2
                output: %s
                """.formatted(DataSource.FASHION_MNIST_DIR, out));

        List<NotebookRunner.Note> notes = new ArrayList<>();
        NotebookRunner.notes(home.resolve("notebooks")).forEach(f -> notes.add(NotebookRunner.read(f)));
        assertEquals(3, notes.size(), "notes under notebooks/");
        NotebookRunner.Result r = NotebookRunner.run(notes, new NotebookRunner.Options(home, tmp.resolve("work"),
                Map.of("PRUNESWEEP_SPEC", spec.toString(), "PRUNESWEEP_OUT", out.toString()), TIMEOUT_S, System.out));
        System.out.printf("notebooks: %d paragraphs in %.1f s%n", r.ran().size(), r.millis() / 1000.0);

        assertTrue(r.ok(), () -> "notebook run failed:\n" + String.join("\n", r.failures()));
        for (NotebookRunner.Paragraph p : r.ran()) {
            assertTrue(r.output().contains(NotebookRunner.OK + p.noteId() + " " + p.id() + ">>>"), p.label());
        }
        assertTrue(r.ran().size() >= 10, "spark paragraphs run: " + r.ran().size());
        // What the notes printed and produced
        assertTrue(Files.isRegularFile(out.resolve("front.json")), "front.json");
        assertTrue(Files.isRegularFile(out.resolve("report.html")), "report.html");
        String text = String.join("\n", r.output());
        assertTrue(text.contains("file://" + out.resolve("report.html").toAbsolutePath()) || text.contains("file:"
                + out.resolve("report.html").toAbsolutePath()), "report link printed");
        assertTrue(text.contains("FastDense"), "layer table / topology printed (the zoo MLP's dense layers are FastDense)");

        // 'Compare fronts over time' again, now with the history/<timestamp>/front.json copies the scheduled
        // sweep keeps (the first run used its fallback: the sweep directory's own front.json).
        for (String run : List.of("20250101T000000Z", "20250102T000000Z")) {
            Files.createDirectories(out.resolve("history").resolve(run));
            Files.copy(out.resolve("front.json"), out.resolve("history").resolve(run).resolve("front.json"));
        }
        NotebookRunner.Note history = notes.stream().filter(n -> n.name().contains("over time")).findFirst()
                .orElseThrow();
        NotebookRunner.Result h = NotebookRunner.run(List.of(history), new NotebookRunner.Options(home,
                tmp.resolve("work-history"), Map.of("PRUNESWEEP_SPEC", spec.toString(), "PRUNESWEEP_OUT",
                out.toString()), TIMEOUT_S, System.out));
        System.out.printf("history note: %d paragraphs in %.1f s%n", h.ran().size(), h.millis() / 1000.0);
        assertTrue(h.ok(), () -> "history note failed:\n" + String.join("\n", h.failures()));
        String ht = String.join("\n", h.output());
        assertTrue(ht.contains("2 front file(s)") && ht.contains("in 2 run(s)"), "both history fronts loaded");
        assertTrue(ht.contains("|20250101T000000Z") && ht.contains("|20250102T000000Z"), "runs named by directory");
    }
}
