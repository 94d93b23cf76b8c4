package io.prunesweep.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.model.ModelStore;
import io.prunesweep.model.Net;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.Scope;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

class MaskHoldTest {

    private static PrunePlan prune90(MultiLayerNetwork net) {
        PruneSettings s = new PruneSettings(CriterionKind.MAGNITUDE, Granularity.ELEMENT, Scope.LAYER, 0.9, false, 1, 1);
        return Pruner.plan(Net.of(net), s, new ScoringContext(Net.of(net), 1, List.of()));
    }

    @Test
    void withoutTheEnforcerAdamRegrowsPrunedWeights() {
        MultiLayerNetwork net = TinyNets.mlp(DataType.FLOAT, 1);
        DataSet data = TinyNets.data(256, 12, DataType.FLOAT, 1);
        MaskSet masks = prune90(net).masks();
        masks.applyTo(Net.of(net));
        assertEquals(0, masks.violations(Net.of(net)));
        net.fit(TinyNets.iterator(data, 32));
        long v = masks.violations(Net.of(net));
        assertTrue(v > 50, v + " regrown; plain training regrows pruned weights: this is what the enforcer is for");
    }

    @Test
    void masksHoldThroughFineTuningAndASaveLoadRoundTrip(@TempDir Path dir) {
        MultiLayerNetwork net = TinyNets.mlp(DataType.FLOAT, 1);
        DataSet data = TinyNets.data(256, 12, DataType.FLOAT, 1);
        MaskSet masks = prune90(net).masks();
        FineTuner.fineTune(Net.of(net), TinyNets.iterator(data, 32), 3, 0.01, masks);
        assertEquals(0, masks.violations(Net.of(net)), "every masked weight is exactly 0 after 24 updates");
        assertTrue(masks.prunedCount() > 150);

        Path zip = dir.resolve("m.zip");
        ModelStore.save(Net.of(net), Optional.empty(), zip);
        masks.save(dir.resolve("m.masks.json"));
        Net loaded = ModelStore.load(zip).net();
        MaskSet reloaded = MaskSet.load(dir.resolve("m.masks.json"));
        assertEquals(masks, reloaded);
        assertEquals(0, reloaded.violations(loaded));
        FineTuner.fineTune(loaded, TinyNets.iterator(data, 32), 2, 0.01, reloaded);
        assertEquals(0, reloaded.violations(loaded), "masks still hold after reload and more training");
    }
}
