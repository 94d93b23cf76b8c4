package io.prunesweep.model;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ReLU's forward and backward passes over contiguous float arrays as Java loops, for {@link FastDenseLayer}'s
 * training step: the arrays are read and written in heap chunks ({@link FloatViews}), and each loop body is one
 * the JIT turns into vector instructions.
 *
 * <p>Why loops: libnd4j's {@code relu_bp} custom op costs several times a Java loop at the MLP's shapes, most of it
 * the op's per-call set-up. Why these bodies: a loop that selects with a comparison ({@code z > 0 ? eps : 0}) is
 * not vectorised by the JIT, and its branch mispredicts on about half of a ReLU's inputs; {@code Math.max} and
 * {@code Math.min} are vectorised. {@code ReluLoopProbe} (test scope) times the three ways at the MLP's dense and
 * shrunk widths; in one run here, at 128×300, the backward pass took 73 µs as the op, 29 µs as the selecting
 * loop and 13 µs here, the forward pass 8, 15 and 4 µs.
 */
final class ReluLoops {
    /** {@code z·2^200} is at least 1 for every positive float z, the smallest subnormal included. */
    private static final float SCALE = 0x1p100f;

    private ReluLoops() {
    }

    /**
     * {@code a[i] = max(z[i], 0)}, the values of libnd4j's relu (NaN passes through) except that {@code -0}
     * becomes {@code +0}, which no product downstream tells apart. {@code z} and {@code a}: float, contiguous,
     * laid out alike.
     */
    static void forward(INDArray z, INDArray a, float[] chunk) {
        FloatBuffer zb = FloatViews.floats(z);
        FloatBuffer ab = FloatViews.floats(a);
        int n = (int) z.length();
        for (int off = 0; off < n; off += chunk.length) {
            int len = Math.min(chunk.length, n - off);
            zb.get(off, chunk, 0, len);
            for (int i = 0; i < len; i++) {
                chunk[i] = Math.max(chunk[i], 0f);
            }
            ab.put(off, chunk, 0, len);
        }
    }

    /**
     * {@code z[i] = z[i] > 0 ? eps[i] : 0}, written over {@code z}, as {@code eps} times a 0/1 mask
     * ({@code z·2^200} clipped to [0, 1]: 1 for every positive z, 0 for zero and negative z). The values are
     * relu_bp's for finite inputs except the sign of a zero ({@code -0} where eps is negative and z is not
     * positive, which no sum or Adam step downstream tells from {@code +0}); a NaN in z, or in eps where z is not
     * positive, gives NaN where relu_bp gives 0, so a diverging step still shows as one.
     */
    static void backward(INDArray z, INDArray eps, float[] zChunk, float[] epsChunk) {
        FloatBuffer zb = FloatViews.floats(z);
        FloatBuffer eb = FloatViews.floats(eps);
        int n = (int) z.length();
        int chunk = Math.min(zChunk.length, epsChunk.length);
        for (int off = 0; off < n; off += chunk) {
            int len = Math.min(chunk, n - off);
            zb.get(off, zChunk, 0, len);
            eb.get(off, epsChunk, 0, len);
            for (int i = 0; i < len; i++) {
                zChunk[i] = epsChunk[i] * Math.min(Math.max(zChunk[i] * SCALE * SCALE, 0f), 1f);
            }
            zb.put(off, zChunk, 0, len);
        }
    }
}
