package io.prunesweep.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code model: {keras: ...}}: read, validated, trained further only when epochs are given, and in the ids. */
class KerasModelSpecTest {
    private static final String SPEC = """
            name: k
            model: MODEL
            data: {format: idx, dir: /usr/share/datasets/fashion-mnist, validation: 100, trainLimit: 500, testLimit: 100}
            space: {criterion: [magnitude], granularity: [element], sparsity: [0.5], fineTuneEpochs: [1]}
            objectives: [val_accuracy, nonzero_params]
            """;

    @TempDir
    Path dir;

    private SweepSpec load(String model) throws IOException {
        Path f = dir.resolve("k.yaml");
        Files.writeString(f, SPEC.replace("MODEL", model));
        return SpecLoader.load(f);
    }

    @Test
    void kerasModelIsTheBaseAsItIsUnlessEpochsAreGiven() throws IOException {
        ModelSpec m = load("{keras: conf/keras/fashion-mlp.h5}").model();
        assertEquals("conf/keras/fashion-mlp.h5", m.keras());
        assertEquals(0, m.epochs());
        assertEquals(ModelSpec.ofKeras("conf/keras/fashion-mlp.h5"), m);
        assertEquals(2, load("{keras: conf/keras/fashion-mlp.h5, epochs: 2}").model().epochs());
        assertEquals("conf/keras/fashion-mlp.h5", m.source());
    }

    @Test
    void kerasExcludesPathAndZooAndMustNotBeBlank() throws IOException {
        SpecException both = assertThrows(SpecException.class, () -> load("{keras: m.h5, zoo: mlp}"));
        assertTrue(both.getMessage().contains("path, zoo and keras are mutually exclusive"), both.getMessage());
        assertEquals(2, both.exitCode());
        SpecException blank = assertThrows(SpecException.class, () -> load("{keras: ' '}"));
        assertTrue(blank.getMessage().contains("keras"), blank.getMessage());
        SpecException negative = assertThrows(SpecException.class, () -> load("{keras: m.h5, epochs: -1}"));
        assertTrue(negative.getMessage().contains("epochs = -1: must be >= 0"), negative.getMessage());
    }

    @Test
    void theKerasFileIsPartOfTheCandidatesIdentityAndOtherSpecsKeepTheirs() throws IOException {
        String a = load("{keras: a.h5}").model().canonical();
        String b = load("{keras: b.h5}").model().canonical();
        assertNotEquals(a, b);
        // a spec without keras keeps the canonical form (and so the candidate ids) it had before keras existed
        assertEquals("path=" + Canon.str(null) + ";zoo=" + Canon.str("mlp") + ";epochs=2;batchSize=128;learningRate="
                + Canon.num(0.002), load("{zoo: mlp, epochs: 2}").model().canonical());
    }
}
