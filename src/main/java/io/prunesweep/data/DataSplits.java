package io.prunesweep.data;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The three disjoint parts of a dataset used by a sweep. All three share width and number of classes,
 * so a model that fits one fits all.
 *
 * @param train      examples the model is trained on
 * @param validation held-out examples for model selection (may be empty)
 * @param test       examples for the final evaluation
 */
public record DataSplits(LabeledData train, LabeledData validation, LabeledData test) {

    /** @throws DataException if the parts disagree on width or number of classes */
    public DataSplits {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
        for (LabeledData part : new LabeledData[] {validation, test}) {
            if (part.width() != train.width() || part.numClasses() != train.numClasses()) {
                throw new DataException("dataset " + part.name() + " has " + part.width() + " features and "
                        + part.numClasses() + " classes but " + train.name() + " has " + train.width()
                        + " features and " + train.numClasses() + " classes");
            }
        }
    }

    /**
     * Identifies the exact split: SHA-256 hex over the train, validation and test fingerprints in that
     * order, so two runs are comparable only if every part is identical.
     *
     * @return 64 hex characters
     */
    public String fingerprint() {
        MessageDigest digest = LabeledData.sha256();
        for (LabeledData part : new LabeledData[] {train, validation, test}) {
            digest.update(part.fingerprint().getBytes(StandardCharsets.US_ASCII));
            // Separator keeps the encoding unambiguous even if the fingerprint format ever changes.
            digest.update((byte) '\n');
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** First int of {@link #toBytes()}, so other bytes are refused rather than misread. */
    private static final int MAGIC = 0x50534453; // "PSDS"

    /**
     * The three parts as one byte array, for a driver to ship splits it read from tables to executors (a Spark
     * broadcast of bytes needs no serializer registration). {@link #fromBytes} gives back equal parts, fingerprint
     * included.
     *
     * @return per part: name, size, width, classes, image shape (channels 0 when none), labels, feature bits
     * @throws DataException if the splits do not fit in one array
     */
    public byte[] toBytes() {
        LabeledData[] parts = {train, validation, test};
        long size = Integer.BYTES;
        for (LabeledData p : parts) {
            size += Integer.BYTES + p.name().getBytes(StandardCharsets.UTF_8).length + 6L * Integer.BYTES
                    + (long) Integer.BYTES * p.size() + (long) Float.BYTES * p.features().length;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new DataException("the data (" + size + " bytes) is too large to ship to executors as one array");
        }
        ByteBuffer b = ByteBuffer.allocate((int) size);
        b.putInt(MAGIC);
        for (LabeledData p : parts) {
            byte[] name = p.name().getBytes(StandardCharsets.UTF_8);
            b.putInt(name.length).put(name).putInt(p.size()).putInt(p.width()).putInt(p.numClasses());
            ImageShape shape = p.imageShape().orElse(null);
            b.putInt(shape == null ? 0 : shape.channels()).putInt(shape == null ? 0 : shape.height())
                    .putInt(shape == null ? 0 : shape.width());
            b.asIntBuffer().put(p.labels());
            b.position(b.position() + Integer.BYTES * p.size());
            b.asFloatBuffer().put(p.features());
            b.position(b.position() + Float.BYTES * p.features().length);
        }
        return b.array();
    }

    /**
     * @param bytes what {@link #toBytes()} made
     * @return the splits
     * @throws DataException if the bytes are not such splits
     */
    public static DataSplits fromBytes(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (b.getInt() != MAGIC) {
                throw new DataException("shipped data does not start with the splits marker");
            }
            LabeledData[] parts = new LabeledData[3];
            for (int i = 0; i < parts.length; i++) {
                byte[] name = new byte[b.getInt()];
                b.get(name);
                int n = b.getInt();
                int width = b.getInt();
                int classes = b.getInt();
                int channels = b.getInt();
                int height = b.getInt();
                int imageWidth = b.getInt();
                int[] labels = new int[n];
                b.asIntBuffer().get(labels);
                b.position(b.position() + Integer.BYTES * n);
                float[] features = new float[Math.multiplyExact(n, width)];
                b.asFloatBuffer().get(features);
                b.position(b.position() + Float.BYTES * features.length);
                parts[i] = new LabeledData(new String(name, StandardCharsets.UTF_8), features, labels, width, classes,
                        channels == 0 ? null : new ImageShape(channels, height, imageWidth));
            }
            if (b.hasRemaining()) {
                throw new DataException("shipped data has " + b.remaining() + " bytes after the splits");
            }
            return new DataSplits(parts[0], parts[1], parts[2]);
        } catch (BufferUnderflowException | IllegalArgumentException | ArithmeticException
                 | NegativeArraySizeException e) {
            throw new DataException("shipped data is truncated or corrupt: " + e);
        }
    }
}
