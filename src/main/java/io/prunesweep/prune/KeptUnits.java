package io.prunesweep.prune;

import io.prunesweep.prune.Topology.ConsumerKind;
import io.prunesweep.prune.Topology.PrunableLayer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Which units survive structured pruning, per layer: the outputs a pruned layer keeps and the input rows (or
 * channel-expanded flatten rows) its consumer keeps. Computed once here for both directions of surgery
 * ({@link Surgeon#shrink} and {@link ShrinkLayout}), so they cannot disagree.
 *
 * @param out layer index → kept output units of a pruned layer
 * @param in  layer index → kept input rows of a consumer
 */
record KeptUnits(Map<Integer, int[]> out, Map<Integer, int[]> in) {

    /**
     * @param removed layer index → removed unit indices (empty arrays are ignored)
     * @throws PruneException for a layer that is not prunable, cannot be shrunk, or would keep no unit
     */
    static KeptUnits of(Topology topo, Map<Integer, int[]> removed) {
        Map<Integer, int[]> out = new HashMap<>();
        Map<Integer, int[]> in = new HashMap<>();
        for (Map.Entry<Integer, int[]> e : removed.entrySet()) {
            if (e.getValue().length == 0) {
                continue;
            }
            PrunableLayer l = topo.layer(e.getKey()).orElseThrow(
                    () -> new PruneException("layer " + e.getKey() + " is not a prunable layer"));
            if (l.reason() != null) {
                throw new PruneException("layer " + l.index() + " cannot be shrunk: " + l.reason());
            }
            int[] kept = complement((int) l.nOut(), e.getValue());
            if (kept.length == 0) {
                throw new PruneException("layer " + l.index() + " would have no units left");
            }
            out.put(l.index(), kept);
            if (l.consumerKind() == ConsumerKind.FLATTEN_ROWS) {
                int sp = (int) l.spatial();
                in.put(l.consumer(), Arrays.stream(kept).flatMap(c -> IntStream.range(c * sp, (c + 1) * sp))
                        .toArray());
            } else {
                in.put(l.consumer(), kept);
            }
        }
        return new KeptUnits(out, in);
    }

    private static int[] complement(int n, int[] removed) {
        BitSet b = new BitSet(n);
        b.set(0, n);
        for (int r : removed) {
            b.clear(r);
        }
        return b.stream().toArray();
    }
}
