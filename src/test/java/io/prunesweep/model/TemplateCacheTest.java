package io.prunesweep.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network rebuilt from the cache must be indistinguishable from a fresh parse of the same zip: same
 * configuration (epoch and iteration counts drive the learning-rate schedule and Adam's bias correction),
 * same parameters, no updater state, and it must train to the same bits; and no caller can reach another
 * caller's network or the template.
 */
class TemplateCacheTest {
    private static final int WIDTH = 20;

    private static List<DataSet> batches(int n, long seed) {
        return batches(n, WIDTH, seed);
    }

    private static List<DataSet> batches(int n, int width, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<DataSet> out = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            float[] x = new float[32 * width];
            float[] y = new float[32 * 10];
            for (int i = 0; i < 32; i++) {
                double s = 0;
                for (int j = 0; j < width; j++) {
                    x[i * width + j] = (float) r.nextDouble();
                    s += (j % 10) * x[i * width + j] / width * 20;
                }
                y[i * 10 + (int) (s * 7) % 10] = 1f;
            }
            out.add(new DataSet(Nd4j.create(x, new long[] {32, width}, DataType.FLOAT),
                    Nd4j.create(y, new long[] {32, 10}, DataType.FLOAT)));
        }
        return out;
    }

    /** A zoo model trained for two epochs, so its zip carries non-zero epoch and iteration counts. */
    private static byte[] trainedZip(String zoo, InputSpec input, long seed) {
        MultiLayerNetwork net = ModelZoo.build(zoo, input, 10, seed, 0.01);
        for (int e = 0; e < 2; e++) {
            net.fit(new ExistingDataSetIterator(batches(3, input.width(), seed + e)));
        }
        return ModelStore.toBytes(Net.of(net));
    }

    private static float[] params(Net net) {
        return net.params().dup('c').data().asFloat();
    }

    private static void assertSameNetwork(Net expected, Net actual) {
        assertEquals(expected.configJson(), actual.configJson());
        assertEquals(expected.epochCount(), actual.epochCount());
        assertEquals(expected.iterationCount(), actual.iterationCount());
        assertArrayEquals(params(expected), params(actual));
    }

    @Test
    void copiesAreFreshParsesAndTrainToTheSameBits() {
        for (String zoo : List.of("mlp", "cnn")) {
            InputSpec input = zoo.equals("mlp") ? InputSpec.flat(WIDTH) : InputSpec.image(1, 16, 16);
            byte[] zip = trainedZip(zoo, input, 11);
            TemplateCache cache = new TemplateCache();
            Net first = cache.copyOf(zip, b -> ModelStore.parse(b, "test"));
            Net second = cache.copyOf(zip, b -> ModelStore.parse(b, "test"));
            assertEquals(1, cache.parses(), zoo + ": the same bytes are parsed once");
            Net fresh = ModelStore.parse(zip, "test");
            assertNotSame(first, second);
            assertNotSame(first.params().data(), second.params().data());
            assertSameNetwork(fresh, first);
            // a fresh parse starts Adam from zeros; the copy may hold its state array already, but all zero
            MultiLayerNetwork copy = ((Net.Chain) first).network();
            INDArray state = copy.getUpdater(false) == null ? null : copy.getUpdater(false).getStateViewArray();
            if (state != null) {
                assertEquals(0.0, state.amax().getDouble(0), zoo + ": the copy's updater state is zero");
            }

            // train the copy and a fresh parse identically: Adam state, schedule and parameters must agree
            for (Net n : List.of(first, fresh)) {
                for (int e = 0; e < 2; e++) {
                    n.fit(new ExistingDataSetIterator(batches(4, input.width(), 99 + e)));
                }
            }
            assertSameNetwork(fresh, first);
            INDArray a = fresh.updaterState();
            INDArray b = first.updaterState();
            assertArrayEquals(a.dup('c').data().asFloat(), b.dup('c').data().asFloat(), zoo + ": Adam state");

            // training one copy touched neither the other copy nor the template
            assertSameNetwork(ModelStore.parse(zip, "test"), second);
            assertSameNetwork(ModelStore.parse(zip, "test"), cache.copyOf(zip, x -> {
                throw new AssertionError("parsed again");
            }));
        }
    }

    @Test
    void keyedByContentNotByArray() {
        byte[] zip = trainedZip("mlp", InputSpec.flat(WIDTH), 5);
        byte[] other = trainedZip("mlp", InputSpec.flat(WIDTH), 6);
        TemplateCache cache = new TemplateCache();
        byte[] buffer = zip.clone();
        Net a = cache.copyOf(buffer, b -> ModelStore.parse(b, "a"));
        // the caller reuses its buffer for another model: it must get that model, not the cached one
        System.arraycopy(other, 0, buffer = new byte[other.length], 0, other.length);
        Net b = cache.copyOf(buffer, x -> ModelStore.parse(x, "b"));
        assertEquals(2, cache.parses());
        assertSameNetwork(ModelStore.parse(zip, "a"), a);
        assertSameNetwork(ModelStore.parse(other, "b"), b);
        // an equal array that is not the first one hits the cache
        cache.copyOf(zip.clone(), x -> ModelStore.parse(x, "a"));
        assertEquals(2, cache.parses());
    }

    @Test
    void keepsAFewModelsAndDropsTheLeastRecentlyUsed() {
        TemplateCache cache = new TemplateCache();
        List<byte[]> zips = new ArrayList<>();
        for (int i = 0; i <= TemplateCache.CAPACITY; i++) {
            zips.add(trainedZip("mlp", InputSpec.flat(WIDTH), 100 + i));
        }
        for (int i = 0; i < TemplateCache.CAPACITY; i++) {
            cache.copyOf(zips.get(i), b -> ModelStore.parse(b, "m"));
        }
        cache.copyOf(zips.get(0), b -> ModelStore.parse(b, "m")); // 0 is now the most recent
        cache.copyOf(zips.get(TemplateCache.CAPACITY), b -> ModelStore.parse(b, "m")); // drops 1
        assertEquals(TemplateCache.CAPACITY + 1, cache.parses());
        cache.copyOf(zips.get(0), b -> ModelStore.parse(b, "m"));
        assertEquals(TemplateCache.CAPACITY + 1, cache.parses(), "model 0 is still held");
        cache.copyOf(zips.get(1), b -> ModelStore.parse(b, "m"));
        assertEquals(TemplateCache.CAPACITY + 2, cache.parses(), "model 1 was dropped");
    }

    @Test
    void badBytesStillFailWithTheCallersName() {
        ModelException e = assertThrows(ModelException.class,
                () -> ModelStore.fromBytes(new byte[] {1, 2, 3}, "base model"));
        assertEquals(true, e.getMessage().startsWith("base model: not a DL4J model zip"), e.getMessage());
    }
}
