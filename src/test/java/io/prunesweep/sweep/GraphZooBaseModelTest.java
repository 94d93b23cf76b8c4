package io.prunesweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.data.DataCache;
import io.prunesweep.data.DataSource;
import io.prunesweep.data.DataSplits;
import io.prunesweep.testing.Prerequisites;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A graph zoo model is trained as a sweep's base model, at the widths its spec gives. */
class GraphZooBaseModelTest {

    @Test
    void aResnetBaseModelTrainsOnRealImagesAtTheSpecsWidths() {
        Prerequisites.requireFashionMnist();
        DataSplits splits = DataCache.get(DataSource.idxDir(DataSource.FASHION_MNIST_DIR, 200, 3).withLimits(500, 200));
        List<String> log = new ArrayList<>();
        SweepSetup.TrainedModel t = SweepSetup.train("resnet", List.of(4, 6, 8), 1, 100, 0.005, 7, splits, log::add);
        assertTrue(t.net().isGraph());
        assertEquals("resnet", t.sidecar().architecture());
        assertEquals(t.net().numParams(), t.sidecar().paramCount());
        var graph = ((io.prunesweep.model.Net.Graph) t.net()).network();
        assertEquals(4, graph.layerSize("stem"));
        assertEquals(8, graph.layerSize("s3.b"));
        // trained: the weights moved away from the kept initial ones
        var initial = ((io.prunesweep.model.Net.Graph) t.initial()).network();
        assertTrue(graph.params().sub(initial.params()).amaxNumber().doubleValue() > 1e-3);
        assertTrue(log.get(0).startsWith("training base model resnet ("), log.get(0));
    }
}
