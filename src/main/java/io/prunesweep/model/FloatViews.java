package io.prunesweep.model;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ND4J float arrays read and written from Java ({@link FastAdamUpdater}): through {@link FloatBuffer} views of
 * their native memory, in cache-sized chunks copied to heap arrays, because element access on a direct buffer
 * does not vectorise and a plain loop over a {@code float[]} does.
 */
final class FloatViews {
    /** Elements per chunk: three chunks of floats fit in a 64 KiB L1/L2 share. */
    static final int CHUNK = 4096;

    private FloatViews() {
    }

    /** True when {@code x} is float and its elements lie contiguously in its buffer (in its own order). */
    static boolean flat(INDArray x) {
        return x.dataType() == DataType.FLOAT && x.length() <= Integer.MAX_VALUE
                && (x.length() == 1 || x.elementWiseStride() == 1);
    }

    /** The array's elements as a float buffer over its native memory (its first element at index 0). */
    static FloatBuffer floats(INDArray x) {
        long n = x.length();
        return new FloatPointer(x.data().addressPointer()).capacity(n).limit(n).asBuffer();
    }
}
