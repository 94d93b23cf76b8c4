package io.prunesweep.prune;

import io.prunesweep.model.Net;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A {@link MaskSet} laid out over one network's flat parameter vector ({@code net.params()}), so that
 * holding the mask is a single contiguous element-wise multiply.
 *
 * <p>Why not one multiply per parameter: DL4J's weight views are in Fortran order while masks are in C
 * order, and ND4J multiplies arrays of different orders element by element through index arithmetic; that
 * cost a fifth of a fine-tune's time (bench/NOTES.md, "Fine-tuning profile"). Here each masked entry is
 * placed at the position its parameter view gives it in the flat buffer (offset plus strides), so the
 * layout matches whatever order DL4J chose. Only the span from the first to the last masked entry is
 * multiplied; entries inside it that no mask covers are multiplied by 1, which leaves them bit for bit
 * unchanged, as are zeros produced by multiplying by 0 (the same products the per-parameter multiply made).
 *
 * <p>Bound to the parameter layout of the network it was made for; {@link #fits} tells whether a network
 * has that layout.
 */
public final class FlatMask {
    private final long length;
    private final long from;
    private final INDArray values;
    private final long[] layout;

    private FlatMask(long length, long from, INDArray values, long[] layout) {
        this.length = length;
        this.from = from;
        this.values = values;
        this.layout = layout;
    }

    /**
     * Where each masked parameter sits in {@code net}'s flat parameters, with the vector's length, rank and
     * type: two networks with the same layout get the same {@link FlatMask} from the same masks. Null when a
     * masked parameter is missing, has another shape or is not a view of the flat vector ({@link #of} then
     * says which).
     */
    private static long[] layout(MaskSet masks, Net net) {
        INDArray params = net.params();
        DataBuffer storage = storage(params);
        long[] out = new long[3 + masks.masks().size() * 9];
        out[0] = params.length();
        out[1] = params.rank();
        out[2] = params.dataType().ordinal();
        int i = 3;
        for (ParamMask m : masks.masks().values()) {
            INDArray p = net.paramTable().get(m.key());
            if (p == null || !Arrays.equals(p.shape(), m.shape()) || p.rank() > 4 || storage(p) != storage) {
                return null;
            }
            out[i++] = p.offset() - params.offset();
            for (int d = 0; d < 4; d++) {
                out[i++] = d < p.rank() ? p.size(d) : -1;
                out[i++] = d < p.rank() ? p.stride(d) : -1;
            }
        }
        return out;
    }

    /** Whether this mask was made from {@code masks} for a network laid out like {@code net}. */
    boolean laidOutLike(MaskSet masks, Net net) {
        long[] l = layout(masks, net);
        return l != null && Arrays.equals(l, layout);
    }

    /**
     * Lays out {@code masks} over {@code net}'s flat parameters.
     *
     * @throws PruneException if a mask names a parameter the network lacks or has another shape, or a
     *                        parameter is not a view of the network's flat parameter vector
     */
    static FlatMask of(MaskSet masks, Net net) {
        INDArray params = net.params();
        long n = params.length();
        long[] layout = layout(masks, net);
        if (masks.isEmpty()) {
            return new FlatMask(n, 0, null, layout);
        }
        DataBuffer storage = storage(params);
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (ParamMask m : masks.masks().values()) {
            INDArray p = MaskSet.param(net, m);
            if (storage(p) != storage) {
                throw new PruneException("parameter " + m.key() + " is not a view of the network's flat parameters");
            }
            lo = Math.min(lo, p.offset() - params.offset());
            hi = Math.max(hi, p.offset() - params.offset() + lastPosition(p) + 1);
        }
        if (lo < 0 || hi > n || hi - lo > Integer.MAX_VALUE) {
            throw new PruneException("masked parameters span [" + lo + ", " + hi + ") outside the " + n
                    + " flat parameters");
        }
        float[] span = new float[(int) (hi - lo)];
        Arrays.fill(span, 1f);
        for (ParamMask m : masks.masks().values()) {
            INDArray p = MaskSet.param(net, m);
            long base = p.offset() - params.offset() - lo;
            long[] shape = p.shape();
            long[] stride = p.stride();
            int length = (int) m.length();
            long[] index = new long[shape.length];
            // walk the C-order mask index while tracking the entry's position in the view's storage
            long pos = base;
            for (int i = 0; i < length; i++) {
                if (!m.isKept(i)) {
                    span[(int) pos] = 0f;
                }
                for (int d = shape.length - 1; d >= 0; d--) {
                    index[d]++;
                    pos += stride[d];
                    if (index[d] < shape[d]) {
                        break;
                    }
                    pos -= index[d] * stride[d];
                    index[d] = 0;
                }
            }
        }
        INDArray values = Nd4j.createFromArray(span).castTo(params.dataType());
        if (params.rank() != 1) {
            values = values.reshape(1, span.length);
        }
        return new FlatMask(n, lo, values, layout);
    }

    private static long lastPosition(INDArray view) {
        long last = 0;
        long[] shape = view.shape();
        long[] stride = view.stride();
        for (int d = 0; d < shape.length; d++) {
            last += (shape[d] - 1) * stride[d];
        }
        return last;
    }

    private static DataBuffer storage(INDArray a) {
        DataBuffer b = a.data();
        while (b.originalDataBuffer() != null && b.originalDataBuffer() != b) {
            b = b.originalDataBuffer();
        }
        return b;
    }

    /** Whether {@code net} has as many flat parameters as the network this mask was made for. */
    boolean fits(Net net) {
        return net.params().length() == length;
    }

    /**
     * The part of {@code params} this mask multiplies (a view), or {@code null} when nothing is masked.
     * Callers that apply the mask every iteration keep this view instead of re-slicing.
     */
    INDArray span(INDArray params) {
        if (values == null) {
            return null;
        }
        INDArrayIndex range = NDArrayIndex.interval(from, from + values.length());
        // DL4J 1.0.0-M2 keeps the parameters as a vector; older versions as a [1, n] row
        return params.rank() == 1 ? params.get(range) : params.get(NDArrayIndex.point(0), range);
    }

    /** Multiplies the masked span of {@code span(params)} in place; {@code span} may be null (no mask). */
    void applyToSpan(INDArray span) {
        if (span != null) {
            span.muli(values);
        }
    }

    /** Zeroes every masked entry of {@code net}'s parameters in one multiply. */
    public void applyTo(Net net) {
        if (!fits(net)) {
            throw new PruneException("mask laid out for " + length + " parameters, the network has "
                    + net.params().length());
        }
        applyToSpan(span(net.params()));
    }

    /** Number of flat entries the mask multiplies (0 when nothing is masked). */
    long spanLength() {
        return values == null ? 0 : values.length();
    }
}
