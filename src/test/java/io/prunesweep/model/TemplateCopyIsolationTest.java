package io.prunesweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.prunesweep.testing.GraphNets;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/**
 * Changing one copy's learning rate, as every candidate's fine-tuning does, leaves the template and the other
 * copies as they were: DL4J's clone shares the updater objects, which once made a base model loaded after an
 * in-process candidate get another fingerprint, and so its candidates other ids.
 */
class TemplateCopyIsolationTest {
    @Test
    void aCopysLearningRateIsItsOwn() {
        byte[] zip = ModelStore.toBytes(Net.of(ModelZoo.build("mlp", InputSpec.flat(12), 3, 7, 0.001)));
        Net before = ModelStore.fromBytes(zip, "base");
        String print = ModelStore.fingerprint(before);
        Net tuned = ModelStore.fromBytes(zip, "candidate");
        tuned.setLearningRate(0.5);
        assertNotEquals(print, ModelStore.fingerprint(tuned), "the copy has the new rate");
        assertEquals(print, ModelStore.fingerprint(before), "an earlier copy");
        assertEquals(print, ModelStore.fingerprint(ModelStore.fromBytes(zip, "later")), "a later copy");
        assertEquals(print, ModelStore.fingerprint(ModelStore.parse(zip, "fresh")), "a fresh parse");
    }

    @Test
    void aGraphCopysLearningRateIsItsOwnToo() {
        byte[] zip = ModelStore.toBytes(Net.of(GraphNets.residualCnn(7)));
        Net before = ModelStore.fromBytes(zip, "base");
        assertEquals(true, before.isGraph());
        String print = ModelStore.fingerprint(before);
        Net tuned = ModelStore.fromBytes(zip, "candidate");
        tuned.setLearningRate(0.5);
        assertNotEquals(print, ModelStore.fingerprint(tuned), "the copy has the new rate");
        assertEquals(print, ModelStore.fingerprint(before), "an earlier copy");
        assertEquals(print, ModelStore.fingerprint(ModelStore.parse(zip, "fresh")), "a fresh parse");
    }
}
