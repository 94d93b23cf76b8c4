package io.prunesweep.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Pruner's primitive selection (packed keys, quickselect, primitive sort) against the boxed sorts it
 * replaced ({@link OldPaths}), on scores full of the cases that decide ties: repeats, -0.0 and 0.0, NaN,
 * both infinities (earlier rounds mark removed units with -inf).
 */
class SelectionTest {
    private static final float[] SPECIAL = {0f, -0f, Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY,
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f};

    private static float[] scores(SplittableRandom r, int n) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(4);
            s[i] = switch (kind) {
                case 0 -> SPECIAL[r.nextInt(SPECIAL.length)];
                case 1 -> r.nextInt(5) - 2; // many exact ties
                case 2 -> Float.intBitsToFloat(0x7f800001 + r.nextInt(1000)); // NaNs of other payloads
                default -> (float) r.nextGaussian();
            };
        }
        return s;
    }

    @Test
    void lowestSelectsWhatTheBoxedSortSelected() {
        SplittableRandom r = new SplittableRandom(1);
        for (int trial = 0; trial < 300; trial++) {
            int n = r.nextInt(1, 400);
            float[] s = scores(r, n);
            for (int k : new int[] {0, 1, r.nextInt(n + 1), n / 2, n - 1, n}) {
                assertArrayEquals(OldPaths.lowest(s, k), Selection.lowest(s, k), "n=" + n + " k=" + k);
            }
        }
    }

    @Test
    void markLowestMarksExactlyTheSetLowestLists() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 300; trial++) {
            int n = r.nextInt(1, 400);
            float[] s = scores(r, n);
            for (int k : new int[] {0, 1, r.nextInt(n + 1), n / 2, n - 1, n}) {
                BitSet expected = new BitSet();
                for (int i : OldPaths.lowest(s, k)) {
                    expected.set(i);
                }
                BitSet marked = new BitSet();
                Selection.markLowest(s, k, marked);
                assertEquals(expected, marked, "n=" + n + " k=" + k);
            }
        }
    }

    @Test
    void lowestOnSortedAndReversedInputs() {
        int n = 100_000;
        float[] up = new float[n];
        float[] down = new float[n];
        for (int i = 0; i < n; i++) {
            up[i] = i;
            down[i] = n - i;
        }
        assertArrayEquals(OldPaths.lowest(up, 12_345), Selection.lowest(up, 12_345));
        assertArrayEquals(OldPaths.lowest(down, 54_321), Selection.lowest(down, 54_321));
    }

    @Test
    void globalOrderIsTheBoxedSortsOrder() {
        SplittableRandom r = new SplittableRandom(2);
        for (int trial = 0; trial < 100; trial++) {
            List<float[]> layers = new ArrayList<>();
            int count = r.nextInt(1, 6);
            for (int t = 0; t < count; t++) {
                layers.add(scores(r, r.nextInt(0, 200))); // empty layers included
            }
            assertArrayEquals(OldPaths.globalOrder(layers), Selection.globalOrder(layers), "trial " + trial);
        }
    }
}
