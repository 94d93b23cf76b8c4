package io.prunesweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.model.KerasImport;
import io.prunesweep.model.ModelStore;
import io.prunesweep.spec.SpecLoader;
import io.prunesweep.storage.StoragePath;
import io.prunesweep.testing.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Keras model is the base model as imported; with {@code epochs} it is trained further once, and a second run with
 * the same settings reuses that training (so its fingerprint, and with it every candidate id, stays the same).
 */
class KerasBaseModelTest {
    private static final Path MLP = Path.of("conf/keras/fashion-mlp.h5");

    @TempDir
    Path tmp;

    private PreparedSweep prepare(String model, Path out, List<String> log) throws IOException {
        Path spec = tmp.resolve("k.yaml");
        Files.writeString(spec, """
                name: keras-base
                seed: 3
                model: %s
                data: {format: idx, dir: /usr/share/datasets/fashion-mnist, validation: 200, trainLimit: 1000, testLimit: 200}
                space: {criterion: [magnitude], granularity: [neuron], sparsity: [0.5], fineTuneEpochs: [1]}
                objectives: [val_accuracy, nonzero_params]
                """.formatted(model));
        return SweepSetup.prepare(SpecLoader.load(spec), spec, out, 1, log::add);
    }

    @Test
    void importedAsItIsWithoutEpochsTrainedOnceWithThem() throws IOException {
        Prerequisites.requireFashionMnist();
        String imported = ModelStore.fingerprint(KerasImport.load(StoragePath.local(MLP), 0.002).net());

        List<String> log = new ArrayList<>();
        PreparedSweep asIs = prepare("{keras: " + MLP + "}", tmp.resolve("as-is"), log);
        assertEquals(imported, asIs.base().fingerprint());
        assertTrue(log.stream().noneMatch(l -> l.contains("training base model")), log.toString());

        log.clear();
        PreparedSweep trained = prepare("{keras: " + MLP + ", epochs: 1, batchSize: 100}", tmp.resolve("trained"), log);
        assertNotEquals(imported, trained.base().fingerprint());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("training base model keras ")), log.toString());
        assertTrue(Files.exists(tmp.resolve("trained").resolve("base").resolve("keras.zip")));

        log.clear();
        PreparedSweep again = prepare("{keras: " + MLP + ", epochs: 1, batchSize: 100}", tmp.resolve("trained"), log);
        assertTrue(log.stream().anyMatch(l -> l.startsWith("reusing base model")), log.toString());
        assertEquals(trained.base().fingerprint(), again.base().fingerprint());
        assertEquals(trained.candidates().get(0).id(), again.candidates().get(0).id());
    }
}
