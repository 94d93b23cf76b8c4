package io.prunesweep.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.model.Net;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A mask laid out over the flat parameter vector zeroes exactly what the per-parameter masks zero, whatever
 * order DL4J stores each parameter in (Fortran-order dense weights, C-order convolution kernels, vectors),
 * and leaves every other bit as it was.
 */
class FlatMaskTest {

    private static MaskSet randomMasks(MultiLayerNetwork net, List<String> keys, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<ParamMask> masks = new ArrayList<>();
        for (String k : keys) {
            long[] shape = net.getParam(k).shape();
            BitSet kept = ParamMask.all(k, shape).keptBits();
            for (int i = 0; i < net.getParam(k).length(); i++) {
                if (r.nextInt(3) == 0) {
                    kept.clear(i);
                }
            }
            masks.add(new ParamMask(k, shape, kept));
        }
        return MaskSet.of(masks);
    }

    private static void assertSameAsPerParam(MultiLayerNetwork net, List<String> keys) {
        MaskSet masks = randomMasks(net, keys, keys.size());
        MultiLayerNetwork expected = net.clone();
        OldPaths.applyPerParam(masks, expected);
        MultiLayerNetwork actual = net.clone();
        masks.applyTo(Net.of(actual));
        assertArrayEquals(expected.params().dup().data().asFloat(), actual.params().dup().data().asFloat(), keys.toString());
        assertEquals(0, masks.violations(Net.of(actual)));
    }

    @Test
    void mlpWeightsBiasesAndDoubles() {
        assertSameAsPerParam(TinyNets.mlp(DataType.FLOAT, 1), List.of("0_W"));
        assertSameAsPerParam(TinyNets.mlp(DataType.FLOAT, 2), List.of("0_W", "1_b", "2_W"));
        assertSameAsPerParam(TinyNets.mlp(DataType.DOUBLE, 3), List.of("0_b", "1_W", "2_b"));
    }

    @Test
    void cnnKernelsInTheirOwnOrder() {
        assertSameAsPerParam(TinyNets.cnn(4), List.of("0_W", "0_b", "2_W", "3_W"));
    }

    @Test
    void multipliesOnlyTheSpanOfMaskedParameters() {
        MultiLayerNetwork net = TinyNets.mlp(DataType.FLOAT, 1);
        FlatMask one = randomMasks(net, List.of("1_W"), 1).flatMask(Net.of(net));
        assertEquals(net.getParam("1_W").length(), one.spanLength());
        FlatMask two = randomMasks(net, List.of("0_b", "1_W"), 1).flatMask(Net.of(net));
        assertEquals(net.getParam("0_b").length() + net.getParam("1_W").length(), two.spanLength());
        assertEquals(0, MaskSet.empty().flatMask(Net.of(net)).spanLength());
        MaskSet.empty().applyTo(Net.of(net));
    }

    @Test
    void enforcerFollowsASwapAndAnotherNetwork() {
        MultiLayerNetwork a = TinyNets.mlp(DataType.FLOAT, 5);
        MaskEnforcer enforcer = new MaskEnforcer(randomMasks(a, List.of("0_W"), 1));
        enforcer.iterationDone(a, 0, 0);
        assertEquals(0, enforcer.masks().violations(Net.of(a)));
        MaskSet next = randomMasks(a, List.of("1_W"), 2);
        enforcer.swap(next);
        enforcer.iterationDone(a, 1, 0);
        assertEquals(0, next.violations(Net.of(a)));
        MultiLayerNetwork b = TinyNets.mlp(DataType.FLOAT, 6);
        enforcer.iterationDone(b, 0, 0);
        assertEquals(0, next.violations(Net.of(b)));
    }

    /** Like {@link TinyNets#mlp} with another input width: same shapes from layer 1 on, other offsets. */
    private static MultiLayerNetwork widerMlp() {
        MultiLayerNetwork net = new MultiLayerNetwork(new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .seed(9).dataType(DataType.FLOAT).list()
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(13).nOut(10).build())
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(10).nOut(8).build())
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nIn(8).nOut(3).build())
                .build());
        net.init();
        return net;
    }

    private static void assertAppliedLikePerParam(MaskSet masks, MultiLayerNetwork net) {
        MultiLayerNetwork expected = net.clone();
        OldPaths.applyPerParam(masks, expected);
        masks.applyTo(Net.of(net));
        assertArrayEquals(expected.params().dup().data().asDouble(), net.params().dup().data().asDouble());
    }

    @Test
    void aLayoutIsReusedOnlyForTheSameLayout() {
        MultiLayerNetwork net = TinyNets.mlp(DataType.FLOAT, 1);
        MaskSet masks = randomMasks(net, List.of("1_W", "2_b"), 3);
        FlatMask first = masks.flatMask(Net.of(net));
        assertSame(first, masks.flatMask(Net.of(net)), "same network: laid out once");
        MultiLayerNetwork twin = TinyNets.mlp(DataType.FLOAT, 2);
        assertSame(first, masks.flatMask(Net.of(twin)), "same architecture: same layout");
        assertAppliedLikePerParam(masks, twin);
        // same mask shapes at other offsets, or in another type: laid out again, and still right
        for (MultiLayerNetwork other : List.of(widerMlp(), TinyNets.mlp(DataType.DOUBLE, 3))) {
            assertNotSame(first, masks.flatMask(Net.of(other)));
            assertAppliedLikePerParam(masks, other);
        }
        assertAppliedLikePerParam(masks, TinyNets.mlp(DataType.FLOAT, 4));
    }

    @Test
    void aMaskOfTheWrongShapeIsAClearError() {
        MultiLayerNetwork net = TinyNets.mlp(DataType.FLOAT, 1);
        MaskSet bad = MaskSet.of(List.of(ParamMask.all("0_W", new long[] {3, 4})));
        PruneException e = assertThrows(PruneException.class, () -> bad.applyTo(Net.of(net)));
        assertTrue(e.getMessage().contains("0_W"), e.getMessage());
        MaskSet missing = MaskSet.of(List.of(ParamMask.all("9_W", new long[] {3, 4})));
        assertThrows(PruneException.class, () -> missing.flatMask(Net.of(net)));
    }
}
