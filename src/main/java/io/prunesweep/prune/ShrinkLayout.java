package io.prunesweep.prune;

import io.prunesweep.model.Net;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where every flat parameter of a shrunk network sits in the full-size network it was shrunk from, so that
 * parameters and optimizer state can be moved between the two forms by one gather or one scatter. The full
 * network's removed units ({@link PrunePlan#removedUnits()}) determine the shrunk network's shape, as in
 * {@link Surgeon#shrink}; positions are taken from each parameter view's offset and strides, so the layout is
 * whatever order DL4J chose for the flat vector.
 */
final class ShrinkLayout {
    /** Flat index in the shrunk network → flat index in the full network. */
    private final int[] toFull;
    private final long fullLength;

    private ShrinkLayout(int[] toFull, long fullLength) {
        this.toFull = toFull;
        this.fullLength = fullLength;
    }

    /**
     * @param full    the full-size network (only its configuration and parameter layout are read)
     * @param small   a network shaped as {@code Surgeon.shrink(full, removed)}
     * @param removed layer index → removed unit indices
     * @throws PruneException when {@code small} does not have the shape those removed units give
     */
    static ShrinkLayout of(MultiLayerNetwork full, MultiLayerNetwork small, Map<Integer, int[]> removed) {
        KeptUnits kept = KeptUnits.of(Topology.of(Net.of(full)), removed);
        Map<Integer, int[]> keptOut = kept.out();
        Map<Integer, int[]> keptIn = kept.in();
        Map<String, INDArray> fullTable = full.paramTable();
        Map<String, INDArray> smallTable = small.paramTable();
        if (!fullTable.keySet().equals(smallTable.keySet())) {
            throw new PruneException("the shrunk network has parameters " + smallTable.keySet()
                    + ", the full network " + fullTable.keySet());
        }
        INDArray fullFlat = full.params();
        INDArray smallFlat = small.params();
        int[] toFull = new int[(int) smallFlat.length()];
        BitSet seen = new BitSet(toFull.length);
        for (Map.Entry<String, INDArray> e : smallTable.entrySet()) {
            String key = e.getKey();
            int layer = Integer.parseInt(key.substring(0, key.indexOf('_')));
            INDArray sv = e.getValue();
            INDArray fv = fullTable.get(key);
            int[][] dims = dimensionMaps(key, fv.shape(), keptOut.get(layer), keptIn.get(layer));
            long[] shape = sv.shape();
            for (int d = 0; d < shape.length; d++) {
                if (dims[d].length != shape[d]) {
                    throw new PruneException("parameter " + key + " of the shrunk network has shape "
                            + Arrays.toString(shape) + ", the removed units give " + dims[d].length
                            + " along dimension " + d);
                }
            }
            map(sv, sv.offset() - smallFlat.offset(), fv, fv.offset() - fullFlat.offset(), dims, toFull, seen);
        }
        if (seen.cardinality() != toFull.length) {
            throw new PruneException("the shrunk network's parameters do not cover its flat parameter vector");
        }
        return new ShrinkLayout(toFull, fullFlat.length());
    }

    /** For each dimension of a full-size parameter: which of its indices the shrunk parameter keeps, in order. */
    private static int[][] dimensionMaps(String key, long[] shape, int[] out, int[] in) {
        int[][] dims = new int[shape.length][];
        for (int d = 0; d < shape.length; d++) {
            dims[d] = IntStream.range(0, (int) shape[d]).toArray();
        }
        if (out == null && in == null) {
            return dims;
        }
        if (key.endsWith("_b")) {
            // [1, nOut] or [nOut]: the units are the last dimension; a consumer's bias is never narrowed
            if (out != null) {
                dims[shape.length - 1] = out;
            }
        } else if (key.endsWith("_W") && shape.length == 2) {
            dims[0] = in == null ? dims[0] : in;
            dims[1] = out == null ? dims[1] : out;
        } else if (key.endsWith("_W") && shape.length == 4) {
            dims[0] = out == null ? dims[0] : out;
            dims[1] = in == null ? dims[1] : in;
        } else {
            throw new PruneException("cannot map parameter " + key + " of shape " + Arrays.toString(shape)
                    + " between the shrunk and the full network");
        }
        return dims;
    }

    /** Walks the small view in C order, recording each entry's flat position in the full view. */
    private static void map(INDArray sv, long sBase, INDArray fv, long fBase, int[][] dims, int[] toFull,
                            BitSet seen) {
        long[] shape = sv.shape();
        long[] sStride = sv.stride();
        long[] fStride = fv.stride();
        int rank = shape.length;
        long n = sv.length();
        int[] index = new int[rank];
        for (long i = 0; i < n; i++) {
            long s = sBase;
            long f = fBase;
            for (int d = 0; d < rank; d++) {
                s += index[d] * sStride[d];
                f += dims[d][index[d]] * fStride[d];
            }
            toFull[(int) s] = (int) f;
            seen.set((int) s);
            for (int d = rank - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
    }

    /** The full-size flat vector holding {@code small} at the surviving positions and zero everywhere else. */
    double[] scatter(double[] small) {
        if (small.length != toFull.length) {
            throw new PruneException("expected " + toFull.length + " shrunk values, found " + small.length);
        }
        double[] full = new double[(int) fullLength];
        for (int i = 0; i < small.length; i++) {
            full[toFull[i]] = small[i];
        }
        return full;
    }

    /** The surviving positions of a full-size flat vector, in the shrunk network's order. */
    double[] gather(double[] full) {
        if (full.length != fullLength) {
            throw new PruneException("expected " + fullLength + " full-size values, found " + full.length);
        }
        double[] small = new double[toFull.length];
        for (int i = 0; i < small.length; i++) {
            small[i] = full[toFull[i]];
        }
        return small;
    }

    /**
     * Moves the optimizer state of {@code from} into {@code to} through this layout: {@code from} is the shrunk
     * network and {@code to} the full one when {@code toFull}, else the other way round. Each updater block
     * keeps {@code k} state values per parameter, laid out as {@code k} consecutive runs as long as the block's
     * parameters (Adam: m then v), so the state of one parameter moves with it; state of removed units is zero
     * in the full network. A network without an updater yet gives zeros. DL4J zeroes a new updater's state when
     * it creates it, not at the first update, so the state written here is the one training starts from.
     *
     * @throws PruneException when the two updaters are organised differently
     */
    void moveUpdaterState(MultiLayerNetwork from, MultiLayerNetwork to, boolean toFull) {
        Updater target = to.getUpdater(true);
        if (!(target instanceof BaseMultiLayerUpdater<?> tu) || tu.getStateViewArray() == null) {
            return; // an updater without state (plain SGD): nothing to move
        }
        Updater source = from.getUpdater(false);
        double[] src = source instanceof BaseMultiLayerUpdater<?> su && su.getStateViewArray() != null
                ? su.getStateViewArray().dup().data().asDouble() : null;
        double[] dst = new double[(int) tu.getStateViewArray().length()];
        if (src != null) {
            BaseMultiLayerUpdater<?> su = (BaseMultiLayerUpdater<?>) source;
            List<UpdaterBlock> small = (toFull ? su : tu).getUpdaterBlocks();
            List<UpdaterBlock> big = (toFull ? tu : su).getUpdaterBlocks();
            if (small.size() != big.size()) {
                throw new PruneException("the shrunk network's updater has " + small.size()
                        + " blocks, the full network's " + big.size());
            }
            for (int b = 0; b < small.size(); b++) {
                UpdaterBlock sb = small.get(b);
                UpdaterBlock fb = big.get(b);
                int sn = sb.getParamOffsetEnd() - sb.getParamOffsetStart();
                int fn = fb.getParamOffsetEnd() - fb.getParamOffsetStart();
                int slots = sn == 0 ? 0 : (sb.getUpdaterViewOffsetEnd() - sb.getUpdaterViewOffsetStart()) / sn;
                if (fn == 0 || slots * fn != fb.getUpdaterViewOffsetEnd() - fb.getUpdaterViewOffsetStart()
                        || slots * sn != sb.getUpdaterViewOffsetEnd() - sb.getUpdaterViewOffsetStart()) {
                    throw new PruneException("updater block " + b + " keeps its state differently in the shrunk "
                            + "and the full network");
                }
                for (int p = sb.getParamOffsetStart(); p < sb.getParamOffsetEnd(); p++) {
                    int fp = this.toFull[p];
                    if (fp < fb.getParamOffsetStart() || fp >= fb.getParamOffsetEnd()) {
                        throw new PruneException("parameter " + p + " of the shrunk network falls outside updater "
                                + "block " + b + " of the full network");
                    }
                    for (int k = 0; k < slots; k++) {
                        int si = sb.getUpdaterViewOffsetStart() + k * sn + (p - sb.getParamOffsetStart());
                        int fi = fb.getUpdaterViewOffsetStart() + k * fn + (fp - fb.getParamOffsetStart());
                        if (toFull) {
                            dst[fi] = src[si];
                        } else {
                            dst[si] = src[fi];
                        }
                    }
                }
            }
        }
        INDArray view = tu.getStateViewArray();
        view.assign(Nd4j.createFromArray(dst).castTo(view.dataType()).reshape(view.shape()));
    }
}
