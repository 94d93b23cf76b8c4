package io.prunesweep.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.storage.Storage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data named by a URI is read through Hadoop's FileSystem ({@code file:} here, the same code path as
 * {@code hdfs://} or {@code s3a://}) and gives the same splits, fingerprint included, as the plain path.
 */
class DataThroughUriTest {
    @TempDir
    Path tmp;

    private final Storage storage = Storage.withDefaults();

    @Test
    void idxThroughAUriEqualsThePlainPath() throws Exception {
        for (boolean gzip : new boolean[] {true, false}) {
            Path dir = Fixtures.mnistDir(tmp.resolve("idx-" + gzip), 12, 5, 3, 2, gzip);
            DataSource plain = DataSource.idxDir(dir.toString(), 2, 1);
            DataSource uri = DataSource.idxDir(dir.toUri().toString(), 2, 1, storage);
            assertTrue(uri.trainPath().startsWith("file:"), uri.trainPath());
            assertEquals(gzip, uri.trainPath().endsWith(".gz"), "picks the variant that exists: " + uri.trainPath());
            assertEquals(DataLoader.load(plain).fingerprint(), DataLoader.load(uri, storage).fingerprint());
        }
    }

    @Test
    void csvThroughAUriEqualsThePlainPath() throws Exception {
        Path train = Fixtures.writeText(tmp.resolve("train.csv"), "0,1.5,2\n1,0.5,1\n0,2.5,3\n1,1,1\n");
        Path test = Fixtures.writeText(tmp.resolve("test.csv"), "1,0,1\n0,2,2\n");
        DataSource plain = DataSource.csv(train.toString(), test.toString(), 1, 3);
        DataSource uri = DataSource.csv(train.toUri().toString(), test.toUri().toString(), 1, 3);
        assertEquals(DataLoader.load(plain).fingerprint(), DataLoader.load(uri, storage).fingerprint());
    }

    @Test
    void aMissingFileBehindAUriIsNamed() {
        String missing = tmp.resolve("nowhere").toUri().toString();
        DataException e = assertThrows(DataException.class,
                () -> DataLoader.load(DataSource.idxDir(missing, 0, 1, storage), storage));
        assertTrue(e.getMessage().contains(missing) && e.getMessage().contains("not found"), e.getMessage());
    }
}
