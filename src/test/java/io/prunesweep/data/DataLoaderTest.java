package io.prunesweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Split semantics and determinism, independent of the file format. */
class DataLoaderTest {

    @TempDir
    Path tmp;

    /** CSV whose only feature is the row number, so split membership can be read back from features. */
    private DataSource rowNumbered(int trainRows, int testRows, int validation, long seed) throws Exception {
        StringBuilder train = new StringBuilder("label,row\n");
        for (int i = 0; i < trainRows; i++) {
            train.append(i % 4).append(',').append(i).append('\n');
        }
        StringBuilder test = new StringBuilder();
        for (int i = 0; i < testRows; i++) {
            test.append(i % 3).append(',').append(1000 + i).append('\n');
        }
        Path trainFile = Fixtures.writeText(tmp.resolve("train.csv"), train.toString());
        Path testFile = Fixtures.writeText(tmp.resolve("test.csv"), test.toString());
        return DataSource.csv(trainFile.toString(), testFile.toString(), validation, seed);
    }

    private static Set<Integer> rows(LabeledData data) {
        Set<Integer> rows = new HashSet<>();
        for (float f : data.features()) {
            rows.add((int) f);
        }
        return rows;
    }

    @Test
    void validationAndTrainPartitionTheShuffledTrainingFile() throws Exception {
        DataSplits splits = DataLoader.load(rowNumbered(50, 10, 12, 3));
        assertEquals(12, splits.validation().size());
        assertEquals(38, splits.train().size());
        Set<Integer> all = new HashSet<>(rows(splits.train()));
        all.addAll(rows(splits.validation()));
        assertEquals(50, all.size(), "disjoint and complete");
        for (int i = 0; i < splits.train().size(); i++) {
            int row = (int) splits.train().features()[i];
            assertEquals(row % 4, splits.train().label(i), "label stays with its row");
        }
        assertEquals(4, splits.train().numClasses());
        assertTrue(splits.train().name().endsWith("/train"));
        assertTrue(splits.validation().name().endsWith("/validation"));
        assertTrue(splits.test().name().endsWith("/test"));
    }

    @Test
    void splitIsDeterministicPerSeedAndDiffersAcrossSeeds() throws Exception {
        DataSource source = rowNumbered(50, 10, 12, 3);
        DataSplits first = DataLoader.load(source);
        DataSplits second = DataLoader.load(source);
        assertEquals(first.fingerprint(), second.fingerprint());
        assertArrayEquals(first.train().features(), second.train().features());

        DataSplits other = DataLoader.load(source.withSplit(12, 4));
        assertNotEquals(rows(first.validation()), rows(other.validation()));
        assertNotEquals(first.fingerprint(), other.fingerprint());
        assertEquals(first.test().fingerprint(), other.test().fingerprint(), "test set ignores the seed");
    }

    @Test
    void fingerprintChangesWhenOneLabelInTheFileChanges() throws Exception {
        DataSource source = rowNumbered(20, 5, 4, 1);
        String before = DataLoader.load(source).fingerprint();
        String text = Files.readString(Path.of(source.testPath()));
        Fixtures.writeText(Path.of(source.testPath()), text.replaceFirst("(?m)^1,1001$", "0,1001"));
        assertNotEquals(before, DataLoader.load(source).fingerprint());
    }

    @Test
    void limitsCutTrainAfterValidationAndTestInFileOrder() throws Exception {
        DataSource source = rowNumbered(50, 10, 12, 3);
        DataSplits full = DataLoader.load(source);
        DataSplits limited = DataLoader.load(source.withLimits(5, 3));
        assertEquals(full.validation().fingerprint(), limited.validation().fingerprint(),
                "validation does not depend on the train limit");
        assertEquals(full.train().head(5).fingerprint(), limited.train().fingerprint());
        assertArrayEquals(new float[] {1000, 1001, 1002}, limited.test().features());
        assertEquals(38, DataLoader.load(source.withLimits(1000, 0)).train().size(), "limits clamp");
    }

    @Test
    void zeroValidationAndOversizedValidation() throws Exception {
        DataSource source = rowNumbered(10, 2, 0, 3);
        assertEquals(0, DataLoader.load(source).validation().size());
        DataException e = assertThrows(DataException.class, () -> DataLoader.load(source.withSplit(11, 3)));
        assertTrue(e.getMessage().contains("train.csv") && e.getMessage().contains("validationSize 11")
                && e.getMessage().contains("10 examples"), e.getMessage());
    }
}
