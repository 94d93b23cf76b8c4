package io.prunesweep.prune;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Which units go first: the k lowest scores of one layer, or the order of all units of several layers.
 * Scores and indices are packed into one {@code long} per unit so selection works on primitives (no boxed
 * sort), and the packed order is exactly {@link Float#compare} order with ties broken by position, which
 * keeps pruning deterministic.
 */
final class Selection {
    private Selection() {
    }

    /** Indices of the k lowest scores, ties by index, in ascending (score, index) order. */
    static int[] lowest(float[] s, int k) {
        long[] keys = lowestKeys(s, k);
        Arrays.sort(keys, 0, k);
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = (int) keys[i];
        }
        return out;
    }

    /**
     * Sets in {@code into} the indices of the k lowest scores: the set {@link #lowest} lists, without
     * ordering it (a pruning plan needs only the set, and sorting 90 % of a layer cost a tenth of a tiny
     * candidate's time).
     */
    static void markLowest(float[] s, int k, BitSet into) {
        long[] keys = lowestKeys(s, k);
        for (int i = 0; i < k; i++) {
            into.set((int) keys[i]);
        }
    }

    /** Packed keys of {@code s} with the k smallest first, in no particular order. */
    private static long[] lowestKeys(float[] s, int k) {
        long[] keys = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            keys[i] = key(s[i], i);
        }
        // keys are distinct, so the k smallest are one well-defined set, selected in linear time
        select(keys, k);
        return keys;
    }

    /**
     * All (layer, unit) pairs packed as {@code layer << 32 | unit}, ordered by score then layer then unit.
     * Sorting the concatenated position sorts by layer then unit, because the concatenation is in that order.
     */
    static long[] globalOrder(List<float[]> scores) {
        int n = scores.stream().mapToInt(a -> a.length).sum();
        long[] keys = new long[n];
        int p = 0;
        for (float[] layer : scores) {
            for (float v : layer) {
                keys[p] = key(v, p);
                p++;
            }
        }
        Arrays.sort(keys);
        long[] out = new long[n];
        int[] starts = new int[scores.size() + 1];
        for (int t = 0; t < scores.size(); t++) {
            starts[t + 1] = starts[t] + scores.get(t).length;
        }
        for (int i = 0; i < n; i++) {
            int pos = (int) keys[i];
            int t = Arrays.binarySearch(starts, pos);
            // binarySearch finds a layer start exactly, or returns where the position would be inserted
            t = t >= 0 ? t : -t - 2;
            while (starts[t + 1] == pos) {
                t++; // skip empty layers that start at the same position
            }
            out[i] = ((long) t << 32) | (pos - starts[t]);
        }
        return out;
    }

    /**
     * A long whose signed order is {@link Float#compare} order of the score, then the index: the high half
     * is the float's bits made sign-magnitude-monotone (NaN canonical, so it sorts last, and -0.0 below 0.0,
     * as Float.compare has them), the low half the index.
     */
    static long key(float score, int index) {
        int bits = Float.floatToIntBits(score);
        bits ^= (bits >> 31) & 0x7fffffff;
        return ((long) bits << 32) | index;
    }

    /** Rearranges {@code a} so that its k smallest values come first (in any order); quickselect. */
    private static void select(long[] a, int k) {
        int lo = 0;
        int hi = a.length - 1;
        while (k > 0 && k < hi - lo + 1) {
            // median of three as the pivot: deterministic, and no quadratic case on sorted input
            int mid = (lo + hi) >>> 1;
            long pivot = median(a[lo], a[mid], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long tmp = a[i];
                    a[i] = a[j];
                    a[j] = tmp;
                    i++;
                    j--;
                }
            }
            // now a[lo..j] <= pivot <= a[i..hi], and a[j+1..i-1] == pivot
            int left = j - lo + 1;
            if (k <= left) {
                hi = j;
            } else if (k >= i - lo) {
                k -= i - lo;
                lo = i;
            } else {
                return;
            }
        }
    }

    private static long median(long a, long b, long c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
