package io.prunesweep.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A minibatch {@link DataSetIterator} that slices batches straight from a {@link LabeledData}'s arrays.
 *
 * <p>It is deterministic so that a training run can be repeated exactly: without shuffling every epoch
 * visits the examples in stored order; with shuffling, epoch {@code e} visits them in a permutation that
 * depends only on {@code (seed, e)}. {@link #reset()} moves to the next epoch, so a training loop that
 * resets between epochs sees a fresh order each time, yet the sequence of orders is reproducible.
 *
 * <p>Asynchronous prefetching is reported as unsupported: DL4J would otherwise wrap the iterator in its
 * own prefetch thread, and this project controls thread usage itself (Spark tasks on shared cores).
 *
 * <p>A reusing iterator ({@link LabeledData#fitIterator}) copies full minibatches into two native buffer pairs
 * that it alternates between, instead of allocating each batch: allocating a fresh native array costs, per byte,
 * about as much as the training step's products (bench/NOTES.md). A batch it returns stays valid until the
 * second {@code next()} after it, which is what DL4J's {@code fit} without prefetching needs; code that keeps
 * earlier batches (a list of minibatches) must use a plain iterator.
 *
 * <p>Not thread-safe, like every DL4J iterator.
 */
public final class LabeledDataIterator implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    private final LabeledData data;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private int epoch;
    private int[] order;
    private int cursor;
    private DataSetPreProcessor preProcessor;
    private final boolean reuse;
    private transient DataSet[] ring;
    private transient int ringNext;

    /**
     * @param data      examples to iterate over
     * @param batchSize examples per batch, positive
     * @param shuffle   whether to visit each epoch in a seeded random order
     * @param seed      seed of the per-epoch permutations
     * @throws DataException if {@code batchSize} is not positive
     */
    public LabeledDataIterator(LabeledData data, int batchSize, boolean shuffle, long seed) {
        this(data, batchSize, shuffle, seed, false);
    }

    /**
     * @param reuse whether full minibatches are copied into two alternating buffers (see the class comment)
     */
    LabeledDataIterator(LabeledData data, int batchSize, boolean shuffle, long seed, boolean reuse) {
        this.reuse = reuse;
        this.data = Objects.requireNonNull(data, "data");
        if (batchSize <= 0) {
            throw new DataException("batchSize must be positive, got " + batchSize);
        }
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        startEpoch(0);
    }

    private void startEpoch(int newEpoch) {
        epoch = newEpoch;
        cursor = 0;
        order = shuffle ? permutation(data.size(), epochSeed(seed, newEpoch)) : identity(data.size());
    }

    /**
     * Mixes seed and epoch (SplitMix64 finaliser) so that neighbouring epochs, and epoch 0 versus the
     * raw seed used elsewhere (e.g. for the train/validation split), get unrelated random streams.
     */
    static long epochSeed(long seed, int epoch) {
        long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Fisher–Yates shuffle of {@code 0..n-1}; shared with the loader so both shuffle the same way. */
    static int[] permutation(int n, long seed) {
        int[] result = identity(n);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = result[i];
            result[i] = result[j];
            result[j] = tmp;
        }
        return result;
    }

    private static int[] identity(int n) {
        int[] result = new int[n];
        for (int i = 0; i < n; i++) {
            result[i] = i;
        }
        return result;
    }

    /** @return the current epoch, 0 for a new iterator and incremented by every {@link #reset()} */
    public int epoch() {
        return epoch;
    }

    @Override
    public boolean hasNext() {
        return cursor < order.length;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    /**
     * Returns the next {@code num} examples of the current epoch, fewer at the end of the epoch.
     *
     * @throws NoSuchElementException if the epoch is exhausted
     */
    @Override
    public DataSet next(int num) {
        if (num <= 0) {
            throw new DataException("batch size must be positive, got " + num);
        }
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " of " + data.name() + " is exhausted; call reset()");
        }
        int to = Math.min(order.length, cursor + num);
        DataSet batch = reuse && to - cursor == batchSize ? intoRing(cursor, to) : data.slice(order, cursor, to);
        cursor = to;
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    private DataSet intoRing(int from, int to) {
        if (ring == null) {
            ring = new DataSet[2];
        }
        DataSet slot = ring[ringNext];
        if (slot == null) {
            slot = data.allocateBatch(batchSize);
            ring[ringNext] = slot;
        }
        ringNext = 1 - ringNext;
        data.fill(order, from, to, slot.getFeatures(), slot.getLabels());
        // a fresh DataSet around the buffers: a pre-processor may swap the arrays of the one it is given
        return new DataSet(slot.getFeatures(), slot.getLabels());
    }

    @Override
    public int inputColumns() {
        return data.width();
    }

    @Override
    public int totalOutcomes() {
        return data.numClasses();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    /** Starts the next epoch (with shuffling, in that epoch's permutation). */
    @Override
    public void reset() {
        startEpoch(epoch + 1);
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    /** @return the class indices as strings, {@code "0"} to {@code numClasses-1} */
    @Override
    public List<String> getLabels() {
        List<String> names = new ArrayList<>(data.numClasses());
        for (int c = 0; c < data.numClasses(); c++) {
            names.add(Integer.toString(c));
        }
        return Collections.unmodifiableList(names);
    }
}
