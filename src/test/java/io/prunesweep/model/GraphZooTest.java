package io.prunesweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The graph zoo: shapes, widths from the spec, the kind of network each name gives, and bad widths refused. */
class GraphZooTest {
    private static final InputSpec IMAGE = InputSpec.image(1, 28, 28);

    @ParameterizedTest
    @ValueSource(strings = {"resnet", "mobilenet", "inception"})
    void eachGraphMapsABatchOfImagesToClassProbabilities(String name) {
        ComputationGraph net = GraphZoo.build(name, IMAGE, 10, 1, 0.002, List.of());
        var out = net.outputSingle(false, Nd4j.rand(DataType.FLOAT, 3, 784));
        assertEquals(List.of(3L, 10L), List.of(out.size(0), out.size(1)));
        assertEquals(3.0, out.sumNumber().doubleValue(), 1e-4);
    }

    @Test
    void widthsSetTheChannelCounts() {
        ComputationGraph resnet = GraphZoo.build("resnet", IMAGE, 10, 1, 0.002, List.of(3, 5, 7));
        assertEquals(3, resnet.layerSize("stem"));
        assertEquals(5, resnet.layerSize("s2.b"));
        assertEquals(7, resnet.layerSize("s3.proj"));
        ComputationGraph mobile = GraphZoo.build("mobilenet", IMAGE, 10, 1, 0.002, List.of(4, 6, 8, 10));
        assertEquals(10, mobile.layerSize("b3.pw"));
        assertTrue(mobile.getLayer("b3.dw").conf().getLayer() instanceof DepthwiseConvolution2D);
        ComputationGraph inception = GraphZoo.build("inception", IMAGE, 10, 1, 0.002, List.of(6, 2, 4, 3));
        assertEquals(9, ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) inception.getLayer("head").conf()
                .getLayer()).getNIn());
    }

    @Test
    void buildNetGivesAGraphOrAChain() {
        assertTrue(ModelZoo.buildNet("resnet", IMAGE, 10, 1, 0.002, List.of(2, 2, 2)).isGraph());
        assertTrue(!ModelZoo.buildNet("cnn", IMAGE, 10, 1, 0.002, List.of()).isGraph());
        ModelException e = assertThrows(ModelException.class,
                () -> ModelZoo.buildNet("mlp", InputSpec.flat(784), 10, 1, 0.002, List.of(8)));
        assertTrue(e.getMessage().contains("zoo model 'mlp' has fixed widths"), e.getMessage());
    }

    @Test
    void badWidthsAndFlatInputAreRefusedNamingThem() {
        ModelException e = assertThrows(ModelException.class,
                () -> GraphZoo.build("resnet", IMAGE, 10, 1, 0.002, List.of(8, 16)));
        assertEquals("widths of resnet must be 3 numbers (see GraphZoo), found [8, 16]", e.getMessage());
        e = assertThrows(ModelException.class, () -> GraphZoo.build("inception", InputSpec.flat(784), 10, 1, 0.002,
                List.of()));
        assertTrue(e.getMessage().contains("needs image input"), e.getMessage());
    }
}
