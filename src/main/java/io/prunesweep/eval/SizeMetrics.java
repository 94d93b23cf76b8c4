package io.prunesweep.eval;

import io.prunesweep.model.Net;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Storage size of a network's parameters under three encodings.
 *
 * <ul>
 *   <li>{@code denseBytes = totalParams × 4}: every parameter as a float32, as held in memory.</li>
 *   <li>{@code sparseBytes = Σ min(bitmask, CSR)} over the parameter arrays, each array being
 *       encoded with whichever of the two formats is smaller for it. An array is viewed as a matrix
 *       of {@code r} rows × {@code c} columns with {@code r} = its first dimension and {@code c} = the
 *       product of the remaining ones (a dense {@code W [nIn, nOut]} has {@code r = nIn}; a conv
 *       {@code W [out, in, kH, kW]} has {@code r = out}); 1-D arrays have {@code r = 1}.
 *       With {@code nnz} its non-zero count:
 *       <ul>
 *         <li>bitmask = {@code ceil(r·c / 8) + nnz × 4}: one presence bit per entry plus the
 *             float32 non-zero values;</li>
 *         <li>CSR = {@code (r + 1) × 4 + nnz × (4 + 4)}: int32 row pointers, then an int32 column
 *             index and a float32 value per non-zero.</li>
 *       </ul>
 *       Shapes, layer metadata and the network configuration are not counted.</li>
 *   <li>{@code zipBytes}: the exact length of the file DL4J writes with
 *       {@code ModelSerializer.writeModel(net, stream, false)} (no updater state). The zip's
 *       DEFLATE compresses runs of zero bytes, so this shrinks with sparsity, though less than
 *       {@code sparseBytes}; it also includes the JSON configuration.</li>
 * </ul>
 *
 * @param totalParams   number of parameters in the network
 * @param nonzeroParams number of parameters that are not exactly zero
 * @param sparsity      {@code 1 - nonzeroParams / totalParams} (0 when there are no parameters)
 * @param denseBytes    float32 dense size in bytes, see above
 * @param sparseBytes   best-of bitmask/CSR size in bytes, see above
 * @param zipBytes      DL4J model zip size in bytes, see above
 */
public record SizeMetrics(long totalParams, long nonzeroParams, double sparsity, long denseBytes,
                          long sparseBytes, long zipBytes) {

    /** Bytes per stored value (float32) and per stored index/pointer (int32). */
    public static final int FLOAT_BYTES = 4;
    public static final int INDEX_BYTES = 4;

    private static final double SPARSITY_TOLERANCE = 1e-9;

    /** Validates non-negativity and that derived fields agree with the counts. */
    public SizeMetrics {
        if (totalParams < 0 || nonzeroParams < 0 || denseBytes < 0 || sparseBytes < 0 || zipBytes < 0) {
            throw new IllegalArgumentException("counts and sizes must be >= 0");
        }
        if (nonzeroParams > totalParams) {
            throw new IllegalArgumentException("nonzeroParams " + nonzeroParams + " > totalParams " + totalParams);
        }
        if (denseBytes != totalParams * FLOAT_BYTES) {
            throw new IllegalArgumentException("denseBytes must be totalParams * 4, got " + denseBytes);
        }
        if (Math.abs(sparsity - sparsityOf(totalParams, nonzeroParams)) > SPARSITY_TOLERANCE) {
            throw new IllegalArgumentException("sparsity " + sparsity + " inconsistent with counts");
        }
    }

    /** {@code sparseBytes / denseBytes}; 1 when there are no parameters. */
    public double sparseCompression() {
        return denseBytes == 0 ? 1.0 : (double) sparseBytes / denseBytes;
    }

    /** {@code zipBytes / denseBytes}; may exceed 1 for tiny networks because of zip and JSON overhead. */
    public double zipCompression() {
        return denseBytes == 0 ? 1.0 : (double) zipBytes / denseBytes;
    }

    /** Measures {@code net}; serialises it once in memory to obtain {@link #zipBytes()}. */
    public static SizeMetrics of(Net net) {
        Objects.requireNonNull(net, "net");
        return of(net, zipBytes(net));
    }

    /**
     * Measures {@code net} whose zip length is already known: the length of the file {@code ModelStore.save}
     * just wrote for this network unchanged, which is the same bytes {@link #zipBytes(Net)}
     * would count. Serialising a model is a third of a tiny sweep candidate's time, so it is done once.
     *
     * @param zipBytes the model zip's length, see {@link #zipBytes()}
     */
    public static SizeMetrics of(Net net, long zipBytes) {
        Objects.requireNonNull(net, "net");
        long total = 0;
        long nonzero = 0;
        long sparse = 0;
        for (INDArray a : net.paramTable().values()) {
            long nnz = ParamArrays.nonzero(a);
            total += a.length();
            nonzero += nnz;
            sparse += sparseBytes(ParamArrays.rows(a), ParamArrays.cols(a), nnz);
        }
        return new SizeMetrics(total, nonzero, sparsityOf(total, nonzero), total * FLOAT_BYTES,
                sparse, zipBytes);
    }

    /** Bitmask encoding size of an {@code rows × cols} array with {@code nnz} non-zeros. */
    public static long bitmaskBytes(long rows, long cols, long nnz) {
        checkShape(rows, cols, nnz);
        long bits = Math.multiplyExact(rows, cols);
        return (bits + 7) / 8 + nnz * FLOAT_BYTES;
    }

    /** CSR encoding size of an array with {@code rows} rows and {@code nnz} non-zeros. */
    public static long csrBytes(long rows, long nnz) {
        if (rows < 0 || nnz < 0) {
            throw new IllegalArgumentException("rows and nnz must be >= 0");
        }
        return (rows + 1) * INDEX_BYTES + nnz * (long) (INDEX_BYTES + FLOAT_BYTES);
    }

    /** The smaller of {@link #bitmaskBytes} and {@link #csrBytes} for one array. */
    public static long sparseBytes(long rows, long cols, long nnz) {
        return Math.min(bitmaskBytes(rows, cols, nnz), csrBytes(rows, nnz));
    }

    /** Exact length of the DL4J model zip without updater state. */
    public static long zipBytes(Net net) {
        CountingOutputStream out = new CountingOutputStream();
        try {
            ModelSerializer.writeModel(net.model(), out, false);
        } catch (IOException e) {
            // The sink never fails, so this can only come from DL4J's own serialisation.
            throw new UncheckedIOException("could not serialise network", e);
        }
        return out.count;
    }

    private static double sparsityOf(long total, long nonzero) {
        return total == 0 ? 0.0 : 1.0 - (double) nonzero / total;
    }

    private static void checkShape(long rows, long cols, long nnz) {
        if (rows < 0 || cols < 0 || nnz < 0) {
            throw new IllegalArgumentException("rows, cols and nnz must be >= 0");
        }
        if (nnz > rows * cols) {
            throw new IllegalArgumentException("nnz " + nnz + " > rows*cols " + rows * cols);
        }
    }

    /** Discards bytes, keeping only their count, so measuring size needs no temp file. */
    private static final class CountingOutputStream extends OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            Objects.checkFromIndexSize(off, len, b.length);
            count += len;
        }
    }
}
