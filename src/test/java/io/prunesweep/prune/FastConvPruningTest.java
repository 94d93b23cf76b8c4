package io.prunesweep.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.eval.FlopCounter;
import io.prunesweep.model.FastConv2D;
import io.prunesweep.model.Net;
import io.prunesweep.spec.BlockShape;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.NmPattern;
import io.prunesweep.spec.Scope;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Pruning treats {@link FastConv2D} exactly as DL4J's {@code ConvolutionLayer}: with the same weights the
 * topology, FLOP counts and pruning plans (element, channel, N:M, block; magnitude and Taylor scores) are the
 * same, and surgery on the native-op network yields native-op layers computing what the masked network does.
 */
class FastConvPruningTest {

    @ParameterizedTest
    @CsvSource({"ELEMENT, L1, LAYER", "ELEMENT, TAYLOR, GLOBAL", "CHANNEL, L1, LAYER", "CHANNEL, L2, GLOBAL",
        "CHANNEL, TAYLOR, LAYER", "NM, L1, LAYER", "BLOCK, L1, LAYER"})
    void pruningPlansAndSurgeryMatchConvolutionLayer(Granularity g, CriterionKind c, Scope s) {
        MultiLayerNetwork dl4j = TinyNets.cnn(DataType.FLOAT, 8, false);
        DataSet data = TinyNets.data(100, 100, DataType.FLOAT, 4);
        FineTuner.fineTune(Net.of(dl4j), TinyNets.iterator(data, 25), 1, 0.01, MaskSet.empty());
        MultiLayerNetwork fast = TinyNets.cnn(DataType.FLOAT, 8, true);
        fast.setParams(dl4j.params().dup());
        assertSame(FastConv2D.class, fast.getLayerWiseConfigurations().getConf(0).getLayer().getClass());

        Topology ta = Topology.of(Net.of(dl4j));
        Topology tb = Topology.of(Net.of(fast));
        assertEquals(ta.layers().size(), tb.layers().size());
        for (int i = 0; i < ta.layers().size(); i++) {
            Topology.PrunableLayer a = ta.layers().get(i);
            Topology.PrunableLayer b = tb.layers().get(i);
            assertEquals(a.isConv(), b.isConv());
            assertEquals(a.type().replace("ConvolutionLayer", "FastConv2D"), b.type());
            assertEquals(List.of(a.index(), a.nIn(), a.nOut(), a.consumer(), a.spatial()),
                    List.of(b.index(), b.nIn(), b.nOut(), b.consumer(), b.spatial()));
            assertEquals(a.consumerKind(), b.consumerKind());
            assertEquals(a.reason(), b.reason());
        }
        InputType in = InputType.convolutionalFlat(10, 10, 1);
        assertEquals(FlopCounter.count(Net.of(dl4j), in), FlopCounter.count(Net.of(fast), in));

        PruneSettings settings = new PruneSettings(c, g, s, g == Granularity.NM ? 0.5 : 0.4, false, 1, 1,
                NmPattern.DEFAULT, BlockShape.DEFAULT);
        List<DataSet> batches = TinyNets.batches(data, 50);
        PrunePlan pa = Pruner.plan(Net.of(dl4j), settings, new ScoringContext(Net.of(dl4j), 1, batches));
        PrunePlan pb = Pruner.plan(Net.of(fast), settings, new ScoringContext(Net.of(fast), 1, batches));
        assertEquals(pa.masks(), pb.masks());
        assertEquals(pa.removedUnits().keySet(), pb.removedUnits().keySet());
        for (Map.Entry<Integer, int[]> e : pa.removedUnits().entrySet()) {
            assertArrayEquals(e.getValue(), pb.removedUnits().get(e.getKey()));
        }

        pb.masks().applyTo(Net.of(fast));
        pa.masks().applyTo(Net.of(dl4j));
        assertEquals(FlopCounter.count(Net.of(dl4j), in), FlopCounter.count(Net.of(fast), in));
        if (g.structured()) {
            MultiLayerNetwork small = Surgeon.shrink(fast, pb.removedUnits());
            MultiLayerNetwork smallDl4j = Surgeon.shrink(dl4j, pa.removedUnits());
            for (int layer : List.of(0, 2)) {
                assertSame(FastConv2D.class, small.getLayerWiseConfigurations().getConf(layer).getLayer().getClass());
                assertSame(ConvolutionLayer.class,
                        smallDl4j.getLayerWiseConfigurations().getConf(layer).getLayer().getClass());
            }
            assertTrue(small.numParams() < fast.numParams());
            assertEquals(smallDl4j.numParams(), small.numParams());
            assertEquals(FlopCounter.count(Net.of(smallDl4j), in), FlopCounter.count(Net.of(small), in));
            INDArray x = data.getFeatures();
            double masked = fast.output(x, false).sub(small.output(x, false)).amaxNumber().doubleValue();
            assertTrue(masked <= 1e-5, "masked and shrunk FastConv2D networks differ by " + masked);
            double layers = smallDl4j.output(x, false).sub(small.output(x, false)).amaxNumber().doubleValue();
            assertTrue(layers <= 1e-5, "shrunk DL4J and FastConv2D networks differ by " + layers);
        }
    }
}
