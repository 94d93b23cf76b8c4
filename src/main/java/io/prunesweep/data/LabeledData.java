package io.prunesweep.data;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An in-memory set of labelled examples: {@code size()} rows of {@code width()} float features stored
 * row-major in one flat array, plus one integer class label per row.
 *
 * <p>This is a class rather than a record because it holds arrays: a record would expose
 * identity-based {@code equals} on them and invite defensive copies of tens of megabytes. Instead the
 * arrays are shared, never copied: the constructor takes ownership of the arrays it is given, and
 * {@link #features()} / {@link #labels()} return them directly. Callers must treat them as read-only;
 * the {@link #fingerprint()} is cached and would silently go stale after a mutation.
 *
 * <p>Instances are otherwise immutable and safe to share between threads.
 */
public final class LabeledData implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final float[] features;
    private final int[] labels;
    private final int width;
    private final int numClasses;
    private final ImageShape imageShape;

    /** Lazily computed; hashing the full feature array is too costly to do for every instance. */
    private transient volatile String fingerprint;

    /**
     * Creates a dataset, taking ownership of both arrays (they must not be modified afterwards).
     *
     * @param name       human-readable name used in messages, non-blank
     * @param features   {@code labels.length * width} values, row-major
     * @param labels     one class index per example, each in {@code [0, numClasses)}
     * @param width      features per example, positive
     * @param numClasses number of classes, positive
     * @param imageShape image layout of one example, or {@code null} if the features are not an image;
     *                   when present its {@link ImageShape#size()} must equal {@code width}
     * @throws DataException if the arguments are inconsistent
     */
    public LabeledData(String name, float[] features, int[] labels, int width, int numClasses,
                       ImageShape imageShape) {
        if (name == null || name.isBlank()) {
            throw new DataException("dataset name must not be blank");
        }
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (width <= 0) {
            throw new DataException("dataset " + name + ": width must be positive, got " + width);
        }
        if (numClasses <= 0) {
            throw new DataException("dataset " + name + ": numClasses must be positive, got " + numClasses);
        }
        if ((long) labels.length * width != features.length) {
            throw new DataException("dataset " + name + ": " + features.length + " feature values is not "
                    + labels.length + " examples x " + width + " features");
        }
        if (imageShape != null && imageShape.size() != width) {
            throw new DataException("dataset " + name + ": image shape " + imageShape + " has "
                    + imageShape.size() + " values but width is " + width);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new DataException("dataset " + name + ": label " + labels[i] + " of example " + i
                        + " is outside [0, " + numClasses + ")");
            }
        }
        this.name = name;
        this.features = features;
        this.labels = labels;
        this.width = width;
        this.numClasses = numClasses;
        this.imageShape = imageShape;
    }

    /** @return the name given at construction, used in messages */
    public String name() {
        return name;
    }

    /** @return number of examples */
    public int size() {
        return labels.length;
    }

    /** @return number of features per example */
    public int width() {
        return width;
    }

    /** @return number of classes; labels lie in {@code [0, numClasses)} */
    public int numClasses() {
        return numClasses;
    }

    /** @return the image layout of one example, if the features are an image */
    public Optional<ImageShape> imageShape() {
        return Optional.ofNullable(imageShape);
    }

    /**
     * @param i example index in {@code [0, size())}
     * @return the class label of example {@code i}
     */
    public int label(int i) {
        return labels[i];
    }

    /**
     * Returns the backing feature array itself (no copy), row-major {@code size() × width()}.
     * It is shared: do not modify it.
     *
     * @return the features, read-only by contract
     */
    public float[] features() {
        return features;
    }

    /**
     * Returns the backing label array itself (no copy). It is shared: do not modify it.
     *
     * @return the labels, read-only by contract
     */
    public int[] labels() {
        return labels;
    }

    /**
     * A content hash that identifies this data independently of its name and of the JVM: SHA-256, as
     * lowercase hex, over the big-endian ints {@code width, numClasses, size}, then every label, then
     * {@link Float#floatToIntBits} of every feature.
     *
     * @return 64 hex characters
     */
    public String fingerprint() {
        String result = fingerprint;
        if (result == null) {
            result = computeFingerprint();
            fingerprint = result;
        }
        return result;
    }

    private String computeFingerprint() {
        MessageDigest digest = sha256();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024); // big-endian by default
        buffer.putInt(width).putInt(numClasses).putInt(labels.length);
        for (int label : labels) {
            if (buffer.remaining() < Integer.BYTES) {
                flush(digest, buffer);
            }
            buffer.putInt(label);
        }
        for (float value : features) {
            if (buffer.remaining() < Integer.BYTES) {
                flush(digest, buffer);
            }
            buffer.putInt(Float.floatToIntBits(value));
        }
        flush(digest, buffer);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void flush(MessageDigest digest, ByteBuffer buffer) {
        buffer.flip();
        digest.update(buffer);
        buffer.clear();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE implementation is required to provide SHA-256.
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /**
     * Copies the given examples, in the given order, into a new dataset with the same width, classes and
     * image shape.
     *
     * @param indices example indices in {@code [0, size())}; repeats are allowed
     * @param newName name of the result
     * @return a new dataset of {@code indices.length} examples
     * @throws DataException if an index is out of range
     */
    public LabeledData select(int[] indices, String newName) {
        Objects.requireNonNull(indices, "indices");
        float[] selectedFeatures = new float[Math.multiplyExact(indices.length, width)];
        int[] selectedLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int source = indices[i];
            if (source < 0 || source >= labels.length) {
                throw new DataException("dataset " + name + ": index " + source + " at position " + i
                        + " is outside [0, " + labels.length + ")");
            }
            System.arraycopy(features, source * width, selectedFeatures, i * width, width);
            selectedLabels[i] = labels[source];
        }
        return new LabeledData(newName, selectedFeatures, selectedLabels, width, numClasses, imageShape);
    }

    /**
     * Returns the first {@code n} examples (all of them if {@code n >= size()}) under the same name.
     *
     * @param n maximum number of examples, not negative
     * @return this instance if nothing is cut off, otherwise a copy of the first {@code n} examples
     */
    public LabeledData head(int n) {
        if (n < 0) {
            throw new DataException("dataset " + name + ": head size must not be negative, got " + n);
        }
        if (n >= labels.length) {
            return this;
        }
        float[] headFeatures = new float[n * width];
        System.arraycopy(features, 0, headFeatures, 0, headFeatures.length);
        int[] headLabels = new int[n];
        System.arraycopy(labels, 0, headLabels, 0, n);
        return new LabeledData(name, headFeatures, headLabels, width, numClasses, imageShape);
    }

    /**
     * Materialises the whole dataset as one ND4J {@link DataSet}.
     *
     * @return FLOAT features of shape {@code [size, width]} and one-hot FLOAT labels of shape
     *         {@code [size, numClasses]}
     */
    public DataSet toDataSet() {
        int[] all = new int[labels.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return slice(all, 0, all.length);
    }

    /**
     * Builds a DataSet from {@code order[from, to)}; shared by {@link #toDataSet()} and the iterator so
     * both produce identical arrays.
     */
    DataSet slice(int[] order, int from, int to) {
        int n = to - from;
        // Rows are copied straight into the arrays' native memory, one bulk copy per row: building a
        // float[] and handing it to Nd4j.create copies it again, element by element (BaseDataBuffer.put).
        if (n == 0) {
            return new DataSet(Nd4j.create(DataType.FLOAT, 0, width), Nd4j.create(DataType.FLOAT, 0, numClasses));
        }
        DataSet batch = allocateBatch(n);
        fill(order, from, to, batch.getFeatures(), batch.getLabels());
        return batch;
    }

    /** Uninitialised features and labels for {@code n} examples, outside any DL4J workspace. */
    DataSet allocateBatch(int n) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return new DataSet(Nd4j.createUninitialized(DataType.FLOAT, n, width),
                    Nd4j.createUninitialized(DataType.FLOAT, n, numClasses));
        }
    }

    /** Writes examples {@code order[from, to)} into {@code x} (features) and {@code y} (one-hot labels), row by row. */
    void fill(int[] order, int from, int to, INDArray x, INDArray y) {
        FloatBuffer xs = x.data().asNioFloat();
        FloatBuffer ys = y.data().asNioFloat();
        float[] zeros = new float[numClasses];
        for (int row = 0; row < to - from; row++) {
            int source = order[from + row];
            xs.put(row * width, features, source * width, width);
            ys.put(row * numClasses, zeros, 0, numClasses);
            ys.put(row * numClasses + labels[source], 1f);
        }
    }

    /**
     * Returns a deterministic minibatch iterator over this dataset.
     *
     * @param batchSize examples per batch, positive; the last batch of an epoch may be smaller
     * @param shuffle   whether each epoch visits the examples in a seeded random order
     * @param seed      seed of the per-epoch permutations, ignored without shuffling
     * @return a new iterator positioned at the start of epoch 0
     * @see LabeledDataIterator
     */
    public DataSetIterator iterator(int batchSize, boolean shuffle, long seed) {
        return new LabeledDataIterator(this, batchSize, shuffle, seed);
    }

    /**
     * The same minibatches as {@link #iterator}, for a training loop that consumes one at a time (DL4J's
     * {@code fit}): full batches are copied into two alternating buffers instead of freshly allocated arrays,
     * so a returned batch stays valid only until the second {@code next()} after it.
     *
     * @see LabeledDataIterator
     */
    public DataSetIterator fitIterator(int batchSize, boolean shuffle, long seed) {
        return new LabeledDataIterator(this, batchSize, shuffle, seed, true);
    }

    @Override
    public String toString() {
        return "LabeledData[" + name + ": " + labels.length + " x " + width
                + (imageShape == null ? "" : " (" + imageShape + ")") + ", " + numClasses + " classes]";
    }
}
