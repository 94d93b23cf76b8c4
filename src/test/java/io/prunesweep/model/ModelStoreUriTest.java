package io.prunesweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.storage.Storage;
import io.prunesweep.storage.StoragePath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model and its sidecar written and read through a URI (Hadoop's FileSystem) round-trip unchanged. */
class ModelStoreUriTest {
    @TempDir
    Path tmp;

    @Test
    void aModelRoundTripsThroughAUri() throws Exception {
        MultiLayerNetwork net = ModelZoo.build("mlp", InputSpec.flat(12), 3, 7, 0.01);
        ModelSidecar sc = new ModelSidecar("mlp", "data", 7, 1, 8, 0.01, 0.5, 0.4, net.numParams(), InputSpec.flat(12),
                3, 10, "2026-01-01T00:00:00Z", "test");
        StoragePath zip = StoragePath.of(Storage.withDefaults(), tmp.resolve("base/mlp.zip").toUri().toString());
        long length = ModelStore.save(Net.of(net), Optional.of(sc), zip);
        assertEquals(Files.size(tmp.resolve("base/mlp.zip")), length);
        assertTrue(Files.isRegularFile(tmp.resolve("base/mlp.json")), "sidecar beside the zip");
        ModelStore.LoadedModel back = ModelStore.load(zip);
        assertEquals(ModelStore.fingerprint(Net.of(net)), back.fingerprint());
        assertEquals(Optional.of(sc), back.sidecar());
        assertEquals(ModelStore.load(tmp.resolve("base/mlp.zip")).fingerprint(), back.fingerprint(), "same as plain");
    }

    @Test
    void aMissingModelBehindAUriIsNamed() {
        StoragePath zip = StoragePath.of(Storage.withDefaults(), tmp.resolve("none.zip").toUri().toString());
        ModelException e = assertThrows(ModelException.class, () -> ModelStore.load(zip));
        assertTrue(e.getMessage().contains("not found") && e.getMessage().contains(zip.toString()), e.getMessage());
    }
}
