package io.prunesweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

class LabeledDataIteratorTest {

    private static final LabeledData DATA = Fixtures.indexed(23, 4, 3);

    /** Row indices visited in one epoch, recovered from feature 0, plus the batch sizes seen. */
    private static List<Integer> drainEpoch(DataSetIterator it, List<Integer> batchSizes) {
        List<Integer> rows = new ArrayList<>();
        while (it.hasNext()) {
            DataSet batch = it.next();
            batchSizes.add(batch.numExamples());
            for (int r = 0; r < batch.numExamples(); r++) {
                int row = (int) batch.getFeatures().getFloat(r, 0);
                rows.add(row);
                // Label must travel with its row.
                assertEquals(1f, batch.getLabels().getFloat(r, DATA.label(row)), 0f);
            }
        }
        return rows;
    }

    private static void assertPermutationOfAll(List<Integer> rows) {
        int[] sorted = rows.stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] expected = new int[DATA.size()];
        Arrays.setAll(expected, i -> i);
        assertArrayEquals(expected, sorted, "every example exactly once per epoch");
    }

    @Test
    void unshuffledVisitsStoredOrderWithSmallerLastBatch() {
        DataSetIterator it = DATA.iterator(5, false, 1);
        List<Integer> sizes = new ArrayList<>();
        List<Integer> rows = drainEpoch(it, sizes);
        assertEquals(List.of(5, 5, 5, 5, 3), sizes);
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(i, rows.get(i));
        }
        it.reset();
        assertEquals(rows, drainEpoch(it, new ArrayList<>()));
    }

    @Test
    void shuffledEpochsCoverEverythingOnceAndDifferAfterReset() {
        DataSetIterator it = DATA.iterator(4, true, 7);
        List<Integer> first = drainEpoch(it, new ArrayList<>());
        assertPermutationOfAll(first);
        it.reset();
        List<Integer> second = drainEpoch(it, new ArrayList<>());
        assertPermutationOfAll(second);
        assertNotEquals(first, second);
        assertEquals(1, ((LabeledDataIterator) it).epoch());
    }

    @Test
    void sameSeedGivesSameBatchesInEveryEpoch() {
        DataSetIterator a = DATA.iterator(6, true, 99);
        DataSetIterator b = DATA.iterator(6, true, 99);
        for (int epoch = 0; epoch < 3; epoch++) {
            while (a.hasNext()) {
                assertTrue(b.hasNext());
                DataSet x = a.next();
                DataSet y = b.next();
                assertEquals(x.getFeatures(), y.getFeatures());
                assertEquals(x.getLabels(), y.getLabels());
            }
            assertFalse(b.hasNext());
            a.reset();
            b.reset();
        }
        List<Integer> other = drainEpoch(DATA.iterator(6, true, 100), new ArrayList<>());
        assertNotEquals(drainEpoch(DATA.iterator(6, true, 99), new ArrayList<>()), other);
    }

    @Test
    void reportsIteratorContract() {
        DataSetIterator it = DATA.iterator(8, true, 1);
        assertFalse(it.asyncSupported());
        assertTrue(it.resetSupported());
        assertEquals(4, it.inputColumns());
        assertEquals(3, it.totalOutcomes());
        assertEquals(8, it.batch());
        assertEquals(List.of("0", "1", "2"), it.getLabels());
        DataSet partial = it.next(2);
        assertEquals(2, partial.numExamples());
        assertEquals(DataType.FLOAT, partial.getFeatures().dataType());
        while (it.hasNext()) {
            it.next();
        }
        assertThrows(NoSuchElementException.class, it::next);
        assertThrows(DataException.class, () -> DATA.iterator(0, false, 1));
    }

    @Test
    void appliesPreProcessorToEveryBatch() {
        DataSetIterator it = DATA.iterator(10, false, 1);
        it.setPreProcessor(ds -> ds.getFeatures().muli(2));
        assertTrue(it.getPreProcessor() != null);
        DataSet batch = it.next();
        assertEquals(2 * 3f, batch.getFeatures().getFloat(3, 0), 0f);
        // The source arrays must be untouched by in-place preprocessing.
        assertEquals(3f, DATA.features()[3 * 4], 0f);
    }

    @Test
    void emptyDataHasNoBatches() {
        LabeledData empty = DATA.head(0);
        DataSetIterator it = empty.iterator(4, true, 1);
        assertFalse(it.hasNext());
        it.reset();
        assertFalse(it.hasNext());
    }

    /**
     * A reusing iterator gives the same batches (features and one-hot labels, bit for bit) as a plain one over
     * shuffled epochs with a partial last batch, alternating two buffers for full batches: batch i + 2 is written
     * where batch i was, batch i + 1 is not.
     */
    @Test
    void reusingIteratorGivesTheSameBatchesInTwoAlternatingBuffers() {
        DataSetIterator plain = DATA.iterator(5, true, 9);
        DataSetIterator reusing = DATA.fitIterator(5, true, 9);
        List<DataSet> kept = new ArrayList<>();
        for (int epoch = 0; epoch < 3; epoch++) {
            int batch = 0;
            while (plain.hasNext()) {
                DataSet a = plain.next();
                DataSet b = reusing.next();
                assertEquals(a.getFeatures(), b.getFeatures(), "epoch " + epoch + " batch " + batch + " features");
                assertEquals(a.getLabels(), b.getLabels(), "epoch " + epoch + " batch " + batch + " labels");
                kept.add(b);
                batch++;
            }
            assertFalse(reusing.hasNext());
            plain.reset();
            reusing.reset();
        }
        // 23 examples in batches of 5: four full batches and one of 3 per epoch
        assertTrue(kept.get(0).getFeatures().data() == kept.get(2).getFeatures().data(), "batch 2 reuses batch 0's buffer");
        assertTrue(kept.get(0).getFeatures().data() != kept.get(1).getFeatures().data(), "batch 1 has its own buffer");
        assertTrue(kept.get(4).getFeatures().data() != kept.get(0).getFeatures().data()
                && kept.get(4).getFeatures().data() != kept.get(1).getFeatures().data(), "a partial batch is allocated");
        assertEquals(3, kept.get(4).numExamples());
    }
}
