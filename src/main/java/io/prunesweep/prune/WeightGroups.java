package io.prunesweep.prune;

import io.prunesweep.prune.Topology.PrunableLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * Groups of weights for N:M and block pruning, as flat C-order indices. Both see a layer's weights as a
 * matrix [reduction, outputs]: for a dense layer the [nIn, nOut] matrix itself; for a convolution
 * [out, in, kh, kw] the im2col GEMM view, reduction index r = (c·kh + y)·kw + x (input channel major,
 * then kernel row and column) and output o, so flat index o·(in·kh·kw) + r.
 */
final class WeightGroups {
    private WeightGroups() {
    }

    /** Length of the reduction (input) dimension. */
    static int reduction(PrunableLayer l, long[] shape) {
        return l.isConv() ? (int) (shape[1] * shape[2] * shape[3]) : (int) shape[0];
    }

    /** Number of outputs. */
    static int outputs(PrunableLayer l, long[] shape) {
        return l.isConv() ? (int) shape[0] : (int) shape[1];
    }

    static int flat(PrunableLayer l, long[] shape, int r, int o) {
        return l.isConv() ? o * reduction(l, shape) + r : r * outputs(l, shape) + o;
    }

    /**
     * N:M groups: for every output, runs of {@code m} consecutive reduction indices. When the reduction
     * length is not a multiple of m the last run of each output is shorter.
     */
    static int[][] nm(PrunableLayer l, long[] shape, int m) {
        int red = reduction(l, shape);
        int outs = outputs(l, shape);
        List<int[]> groups = new ArrayList<>();
        for (int o = 0; o < outs; o++) {
            for (int r0 = 0; r0 < red; r0 += m) {
                int len = Math.min(m, red - r0);
                int[] g = new int[len];
                for (int q = 0; q < len; q++) {
                    g[q] = flat(l, shape, r0 + q, o);
                }
                groups.add(g);
            }
        }
        return groups.toArray(new int[0][]);
    }

    /**
     * Blocks of {@code rows} consecutive reduction indices by {@code cols} consecutive outputs, tiling the
     * matrix from (0, 0); blocks at the bottom and right edges are smaller when the sizes do not divide.
     */
    static int[][] blocks(PrunableLayer l, long[] shape, int rows, int cols) {
        int red = reduction(l, shape);
        int outs = outputs(l, shape);
        List<int[]> groups = new ArrayList<>();
        for (int r0 = 0; r0 < red; r0 += rows) {
            for (int o0 = 0; o0 < outs; o0 += cols) {
                int h = Math.min(rows, red - r0);
                int w = Math.min(cols, outs - o0);
                int[] g = new int[h * w];
                int p = 0;
                for (int r = r0; r < r0 + h; r++) {
                    for (int o = o0; o < o0 + w; o++) {
                        g[p++] = flat(l, shape, r, o);
                    }
                }
                groups.add(g);
            }
        }
        return groups.toArray(new int[0][]);
    }
}
