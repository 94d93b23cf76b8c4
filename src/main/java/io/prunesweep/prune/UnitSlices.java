package io.prunesweep.prune;

import io.prunesweep.prune.Topology.PrunableLayer;

/**
 * Flat C-order indices of the weights belonging to one neuron or channel, in its own layer (the
 * producer) and in the layer that consumes it. Shared by criteria, the pruner and the surgeon so all
 * three agree on what "unit j" means.
 */
final class UnitSlices {
    private UnitSlices() {
    }

    /** Weights of unit {@code j} in the producer: dense column j of [nIn,nOut], or conv filter j of [out,in,kh,kw]. */
    static int[] producer(PrunableLayer l, long[] wShape, int j) {
        if (l.isConv()) {
            int k = (int) (wShape[1] * wShape[2] * wShape[3]);
            int[] idx = new int[k];
            for (int i = 0; i < k; i++) {
                idx[i] = j * k + i;
            }
            return idx;
        }
        int nIn = (int) wShape[0];
        int nOut = (int) wShape[1];
        int[] idx = new int[nIn];
        for (int i = 0; i < nIn; i++) {
            idx[i] = i * nOut + j;
        }
        return idx;
    }

    /** Weights reading unit {@code j} in the consumer, whose weight shape is {@code cShape}. */
    static int[] consumer(PrunableLayer l, long[] cShape, int j) {
        switch (l.consumerKind()) {
            case DENSE_ROWS, FLATTEN_ROWS -> {
                int nOut = (int) cShape[1];
                int rows = (int) l.spatial();
                int[] idx = new int[rows * nOut];
                int p = 0;
                for (int r = j * rows; r < (j + 1) * rows; r++) {
                    for (int c = 0; c < nOut; c++) {
                        idx[p++] = r * nOut + c;
                    }
                }
                return idx;
            }
            case CONV_INPUT -> {
                int out = (int) cShape[0];
                int in = (int) cShape[1];
                int k = (int) (cShape[2] * cShape[3]);
                int[] idx = new int[out * k];
                int p = 0;
                for (int o = 0; o < out; o++) {
                    for (int q = 0; q < k; q++) {
                        idx[p++] = (o * in + j) * k + q;
                    }
                }
                return idx;
            }
            default -> throw new PruneException("layer " + l.index() + " has no consumer");
        }
    }
}
