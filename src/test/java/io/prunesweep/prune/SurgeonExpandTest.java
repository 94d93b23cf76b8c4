package io.prunesweep.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.model.Net;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.Scope;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/** {@link Surgeon#expand} is the inverse of {@link Surgeon#shrink} and keeps removed units removed. */
class SurgeonExpandTest {

    private record Case(MultiLayerNetwork masked, PrunePlan plan, DataSet data) {
    }

    /** A trained tiny network pruned by the plan, masks applied. */
    private static Case pruned(String model, Granularity g, Scope scope, double sparsity, DataType type) {
        boolean mlp = model.equals("mlp");
        MultiLayerNetwork net = mlp ? TinyNets.mlp(type, 6) : TinyNets.cnn(type, 8);
        DataSet data = TinyNets.data(mlp ? 200 : 100, mlp ? 12 : 100, type, 2);
        FineTuner.fineTune(Net.of(net), TinyNets.iterator(data, 25), 1, 0.01, MaskSet.empty());
        PrunePlan plan = Pruner.plan(Net.of(net), new PruneSettings(CriterionKind.L2, g, scope, sparsity, false, 1, 1),
                new ScoringContext(Net.of(net), 1, List.of()));
        plan.masks().applyTo(Net.of(net));
        return new Case(net, plan, data);
    }

    private static double[] flat(MultiLayerNetwork net) {
        return net.params().dup().data().asDouble();
    }

    @ParameterizedTest
    @CsvSource({"mlp, NEURON, LAYER, 0.5, FLOAT", "mlp, NEURON, GLOBAL, 0.7, DOUBLE", "cnn, CHANNEL, LAYER, 0.5, FLOAT",
        "cnn, CHANNEL, GLOBAL, 0.4, FLOAT"})
    void expandingTheShrunkNetworkGivesBackTheMaskedOneExactly(String model, Granularity g, Scope scope,
                                                                double sparsity, DataType type) {
        Case c = pruned(model, g, scope, sparsity, type);
        MultiLayerNetwork small = Surgeon.shrink(c.masked(), c.plan().removedUnits());
        assertTrue(small.numParams() < c.masked().numParams());
        MultiLayerNetwork back = Surgeon.expand(small, c.masked(), c.plan().removedUnits());
        assertEquals(c.masked().getLayerWiseConfigurations().toJson(), back.getLayerWiseConfigurations().toJson());
        // equal as numbers: masking leaves -0.0 where a negative weight was multiplied by 0, expand writes 0.0
        assertArrayEquals(flat(c.masked()), flat(back), 0.0, "expand(shrink(masked)) == masked");
        assertArrayEquals(flat(small), flat(Surgeon.shrink(back, c.plan().removedUnits())),
                "shrink(expand(small)) == small");
    }

    @ParameterizedTest
    @CsvSource({"mlp, NEURON", "cnn, CHANNEL"})
    void aTrainedShrunkNetworkExpandsWithZerosExactlyAtTheMaskedEntries(String model, Granularity g) {
        Case c = pruned(model, g, Scope.LAYER, 0.5, DataType.FLOAT);
        MultiLayerNetwork small = Surgeon.shrink(c.masked(), c.plan().removedUnits());
        FineTuner.fineTune(Net.of(small), TinyNets.iterator(c.data(), 25), 2, 0.01, MaskSet.empty());
        MultiLayerNetwork full = Surgeon.expand(small, c.masked(), c.plan().removedUnits());
        assertEquals(0, c.plan().masks().violations(Net.of(full)), "every masked entry is exactly zero");
        // and nothing else was touched: the kept entries are the trained small network's weights, moved
        assertArrayEquals(flat(small), flat(Surgeon.shrink(full, c.plan().removedUnits())),
                "the kept entries are the trained weights");
        double diff = full.output(c.data().getFeatures(), false).sub(small.output(c.data().getFeatures(), false))
                .amaxNumber().doubleValue();
        assertTrue(diff <= 1e-5, model + ": expanded and shrunk networks differ by " + diff);
    }

    @ParameterizedTest
    @CsvSource({"mlp, NEURON", "cnn, CHANNEL"})
    void expandRefusesANetworkOfAnotherShape(String model, Granularity g) {
        Case c = pruned(model, g, Scope.LAYER, 0.5, DataType.FLOAT);
        MultiLayerNetwork small = Surgeon.shrink(c.masked(), c.plan().removedUnits());
        Map<Integer, int[]> other = Map.of(0, new int[] {0});
        PruneException e = assertThrows(PruneException.class, () -> Surgeon.expand(small, c.masked(), other));
        assertTrue(e.getMessage().contains("shrunk network"), e.getMessage());
    }
}
