package io.prunesweep.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Group scores computed by hand from the fixtures' arrays, and Taylor against a finite difference of the loss. */
class GroupCriterionTest {
    private static final int SIDE = GraphFixtures.SIDE;

    private static ComputationGraph randomised(ComputationGraph net) {
        GroupChecks.randomise(GroupChecks.of(net), 21);
        return net;
    }

    @Test
    void normsSumOverTheProducersFilterAndTheConsumersInputSlice() {
        ComputationGraph net = randomised(GraphFixtures.convBnConv(SIDE));
        UnitGroup g = DependencyGraph.of(net).producedBy("c1").orElseThrow();
        for (int u = 0; u < 4; u++) {
            INDArray own = net.getParam("c1_W").get(NDArrayIndex.point(u), NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.all());
            INDArray read = net.getParam("c2_W").get(NDArrayIndex.all(), NDArrayIndex.point(u), NDArrayIndex.all(),
                    NDArrayIndex.all());
            double l1 = own.norm1Number().doubleValue() + read.norm1Number().doubleValue();
            double sq = Math.pow(own.norm2Number().doubleValue(), 2) + Math.pow(read.norm2Number().doubleValue(), 2);
            assertEquals(l1, GroupCriterion.L1.score(net, g, List.of())[u], 1e-4 * l1);
            assertEquals(Math.sqrt(sq), GroupCriterion.L2.score(net, g, List.of())[u], 1e-4 * l1);
            assertEquals(l1 / (9 + 5 * 9), GroupCriterion.MAGNITUDE.score(net, g, List.of())[u], 1e-4 * l1);
            assertEquals(Math.abs(net.getParam("bn1_gamma").getDouble(u)),
                    GroupCriterion.BN.score(net, g, List.of())[u], 1e-6);
        }
    }

    @Test
    void aResidualUnitSumsTheBatchNormScalesOfEveryBranch() {
        ComputationGraph net = randomised(GraphFixtures.residual(SIDE));
        UnitGroup g = DependencyGraph.of(net).producedBy("b").orElseThrow();
        float[] bn = GroupCriterion.BN.score(net, g, List.of());
        for (int u = 0; u < g.width(); u++) {
            assertEquals(Math.abs(net.getParam("stem.bn_gamma").getDouble(u))
                    + Math.abs(net.getParam("b.bn_gamma").getDouble(u)), bn[u], 1e-6);
        }
    }

    @Test
    void aGroupWithoutBatchNormCannotBeScoredByBn() {
        ComputationGraph net = GraphFixtures.concat(SIDE);
        UnitGroup z = DependencyGraph.of(net).producedBy("z").orElseThrow();
        GraphException e = assertThrows(GraphException.class, () -> GroupCriterion.BN.score(net, z, List.of()));
        assertTrue(e.getMessage().contains("'z' has no batch norm"), e.getMessage());
    }

    /**
     * Scaling every reader's slice of unit u by (1+ε) scales the unit's value wherever it is read; the loss
     * changes by ε·Σ w·∂L/∂w to first order, which is the Taylor score before its absolute value.
     */
    @Test
    void taylorIsTheDerivativeOfTheLossAlongTheUnitsReaders() {
        ComputationGraph net = randomised(GraphFixtures.residual(SIDE));
        net = net.convertDataType(DataType.DOUBLE);
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 16, SIDE * SIDE);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 16, GraphFixtures.CLASSES);
        for (int i = 0; i < 16; i++) {
            y.putScalar(i, i % GraphFixtures.CLASSES, 1);
        }
        DataSet batch = new DataSet(x, y);
        UnitGroup g = DependencyGraph.of(net).producedBy("b").orElseThrow();
        List<Map<String, INDArray>> products = GroupCriterion.taylorProducts(net, List.of(batch));
        float[] taylor = GroupCriterion.TAYLOR.score(net, g, products);
        double eps = 1e-5;
        for (int u = 0; u < g.width(); u++) {
            double slope = (scaledLoss(net, g, u, 1 + eps, batch) - scaledLoss(net, g, u, 1 - eps, batch)) / (2 * eps);
            assertEquals(Math.abs(slope), taylor[u], 1e-4 * Math.max(1e-3, Math.abs(slope)), "unit " + u);
        }
        assertTrue(taylor[0] > 0);
    }

    private static double scaledLoss(ComputationGraph net, UnitGroup g, int u, double factor, DataSet batch) {
        ComputationGraph c = net.clone();
        for (Member m : g.members(Role.INPUT)) {
            INDArray p = c.getParam(m.param()).dup();
            m.view(p, u).muli(factor);
            c.setParam(m.param(), p);
        }
        return c.score(batch, true);
    }
}
