package io.prunesweep.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.model.KerasImport;
import io.prunesweep.storage.StoragePath;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The unit groups of a real imported model: the committed Keras functional CNN with batch norm and a residual
 * add ({@code src/test/resources/keras/residual-cnn.h5}) has one prunable group across the add, and its groups
 * hold under the forward pass.
 */
class KerasGroupsTest {

    @Test
    void anImportedResidualCnnHasSoundGroupsWithOneAcrossTheAdd() {
        ComputationGraph net = KerasImport.load(StoragePath.local(Path.of("src/test/resources/keras/residual-cnn.h5")),
                0.001).graph();
        DependencyGraph g = DependencyGraph.of(net);
        assertEquals(List.of("conv2d+conv2d_1"), g.prunable().stream().map(UnitGroup::name).toList(), g.describe());
        GroupChecks.Subject s = GroupChecks.of(net);
        GroupChecks.randomise(s, 13);
        Nd4j.getRandom().setSeed(3);
        assertTrue(GroupChecks.assertSound(s, g, Nd4j.rand(DataType.FLOAT, 8, 784)) > 0);
    }
}
