package io.prunesweep.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.data.DataCache;
import io.prunesweep.data.DataSource;
import io.prunesweep.data.DataSplits;
import io.prunesweep.model.GraphZoo;
import io.prunesweep.model.InputSpec;
import io.prunesweep.testing.Prerequisites;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A one-shot group prune of each graph zoo model on real Fashion-MNIST images: scored by a group criterion,
 * planned at 50 %, masked, fine-tuned with Adam for a few steps with the mask re-applied after every step (so
 * batch norm's running statistics move while channels are masked), then shrunk: the shrunk graph computes what
 * the fine-tuned masked one computes, within 1e-5, in inference mode.
 */
class GraphPruneFineTuneTest {
    private static DataSplits splits;

    @BeforeAll
    static void data() {
        Prerequisites.requireFashionMnist();
        splits = DataCache.get(DataSource.idxDir(DataSource.FASHION_MNIST_DIR, 500, 3).withLimits(2000, 500));
    }

    @ParameterizedTest
    @CsvSource({"resnet, bn, false", "resnet, taylor, true", "mobilenet, l1, true", "inception, magnitude, false"})
    void prunedFineTunedGraphShrinksToTheSameFunction(String zoo, String criterion, boolean global) {
        List<Integer> widths = zoo.equals("inception") ? List.of(6, 4, 6, 4) : List.of(6, 8, 10);
        ComputationGraph net = GraphZoo.build(zoo, InputSpec.image(1, 28, 28), 10, 3, 0.005, widths);
        DataSetIterator train = splits.train().iterator(128, true, 4);
        for (int i = 0; i < 4 && train.hasNext(); i++) {
            net.fit(train.next());
        }
        DependencyGraph g = DependencyGraph.of(net);
        GroupCriterion c = GroupCriterion.of(criterion);
        List<Map<String, INDArray>> products = c.needsGradients()
                ? GroupCriterion.taylorProducts(net, List.of(splits.train().iterator(128, true, 9).next()))
                : List.of();
        Map<Integer, float[]> scores = new HashMap<>();
        for (UnitGroup group : g.prunable()) {
            scores.put(group.id(), c.score(net, group, products));
        }
        GroupPruner.Plan plan = GroupPruner.plan(g.groups(), scores, 0.5, global, 0.9);
        assertEquals(0.5, plan.achieved(), 0.05);
        GraphSurgeon.mask(net, g, plan.kept());
        DataSetIterator tune = splits.train().iterator(128, true, 5);
        for (int i = 0; i < 3 && tune.hasNext(); i++) {
            DataSet b = tune.next();
            net.fit(b);
            // the mask held through Adam: re-applied after every update
            GraphSurgeon.mask(net, g, plan.kept());
        }
        ComputationGraph small = GraphSurgeon.shrink(net, g, plan.kept());
        assertTrue(small.numParams() < 0.75 * net.numParams(), small.numParams() + " of " + net.numParams());
        INDArray x = splits.validation().toDataSet().getFeatures();
        double d = net.outputSingle(false, x).sub(small.outputSingle(false, x)).amaxNumber().doubleValue();
        assertTrue(d <= 1e-5, zoo + " " + criterion + ": shrunk and fine-tuned masked differ by " + d);
    }
}
