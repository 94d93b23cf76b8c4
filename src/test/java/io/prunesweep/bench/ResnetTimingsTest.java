package io.prunesweep.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The resnet rows of section 4b come from real group pruning and surgery: more channels removed gives fewer FLOPs,
 * the removed share is what was asked up to whole channels, and the row names the layer the zoo graph is built with.
 */
class ResnetTimingsTest {
    @Test
    void shrunkResnetPointsFollowTheRemovedChannels() {
        // one timed pass per network: this checks what the points hold, not how fast they are
        List<ConvSection.ShrinkPoint> points = ResnetTimings.shrink(new double[] {0.25, 0.75}, 1, 0, 1);
        assertEquals(2, points.size());
        ConvSection.ShrinkPoint quarter = points.get(0);
        ConvSection.ShrinkPoint most = points.get(1);
        assertEquals("resnet", quarter.model());
        assertEquals("FastConv2D", quarter.layer());
        assertEquals(0.25, quarter.unitsRemoved(), 0.05);
        assertEquals(0.75, most.unitsRemoved(), 0.05);
        assertTrue(quarter.flopRatio() < 1 && most.flopRatio() < quarter.flopRatio() && most.flopRatio() > 0,
                quarter.flopRatio() + ", " + most.flopRatio());
        assertTrue(quarter.denseMs() > 0 && quarter.shrunkMs() > 0 && most.shrunkMs() > 0, points.toString());
    }

    @Test
    void profileCoversEveryVertexKindWithItsFlops() {
        List<ConvSection.KindTime> kinds = ResnetTimings.profile(0.75, 0, 1);
        // stem + 2 per block + 2 projections = 9 convolutions, each with a batch norm; 3 residual adds
        assertEquals(List.of("FastConv2D", "BatchNormalization", "ActivationLayer", "ElementWiseVertex",
                "GlobalPoolingLayer", "OutputLayer"), kinds.stream().map(ConvSection.KindTime::kind).toList());
        ConvSection.KindTime conv = kinds.get(0);
        assertEquals(9, conv.vertices());
        assertEquals(9, kinds.get(1).vertices());
        assertEquals(3, kinds.get(3).vertices());
        assertTrue(conv.shrunkFlops() > 0 && conv.shrunkFlops() < 0.2 * conv.denseFlops(), conv.toString());
        assertEquals(0, kinds.get(1).denseFlops());
        for (ConvSection.KindTime k : kinds) {
            assertTrue(k.denseMs() > 0 && k.shrunkMs() > 0, k.toString());
        }
    }
}
