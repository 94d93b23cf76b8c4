package io.prunesweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.testing.GraphNets;
import java.util.List;
import org.deeplearning4j.optimize.listeners.ScoreIterationListener;
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

    /**
     * DL4J's graph clone hands the copy the template's listener collection itself, which {@code setListeners}
     * refills in place: two candidates fine-tuned at once then each ran the other's mask enforcer too.
     */
    @Test
    void aGraphCopysListenersAreItsOwn() {
        byte[] zip = ModelStore.toBytes(Net.of(GraphNets.residualCnn(7)));
        Net one = ModelStore.fromBytes(zip, "one");
        Net two = ModelStore.fromBytes(zip, "two");
        ScoreIterationListener l = new ScoreIterationListener(1);
        one.setListeners(List.of(l));
        assertTrue(two.listeners().isEmpty(), "another copy: " + two.listeners());
        assertTrue(ModelStore.fromBytes(zip, "later").listeners().isEmpty(), "a later copy");
        assertEquals(List.of(l), List.copyOf(one.listeners()));
    }
}
