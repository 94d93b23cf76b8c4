package io.prunesweep.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.storage.HadoopSettings;
import io.prunesweep.storage.Storage;
import io.prunesweep.storage.StoragePath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on URIs: a reachable one is laid out like a plain path, an unusable one is refused naming it. */
class ResultStoreTest {
    @TempDir
    Path dir;

    @Test
    void aFileUriIsLaidOutLikeAPlainPath() throws Exception {
        StoragePath root = StoragePath.of(Storage.withDefaults(), dir.resolve("sweep").toUri().toString());
        ResultStore store = new ResultStore(root);
        store.open("x");
        assertTrue(Files.isRegularFile(dir.resolve("sweep").resolve(ResultStore.MARKER)));
        assertTrue(Files.isDirectory(dir.resolve("sweep/results")));
        assertTrue(Files.isDirectory(dir.resolve("sweep/candidates")));
        try (Stream<Path> s = Files.list(dir.resolve("sweep"))) {
            assertEquals(List.of("candidates", "results", "sweep.json"),
                    s.map(p -> p.getFileName().toString()).sorted().toList(), "no probe or .crc file left");
        }
        store.open("x"); // reopening its own sweep is fine
        assertEquals(Set.of(), store.doneIds());
    }

    @Test
    void anUnknownSchemeIsRefusedNamingTheUri() {
        ResultStoreException e = refused("nosuchfs://host/sweeps/x", HadoopSettings.defaults());
        assertTrue(e.getMessage().contains("no Hadoop file system"), e.getMessage());
    }

    @Test
    void s3aWithoutHadoopAwsIsRefusedNamingTheUri() {
        // hadoop-aws is on the test class path (S3IT): its absence is reproduced as Hadoop meets it, as an s3a
        // file-system class that cannot be loaded
        ResultStoreException e = refused("s3a://bucket/sweeps/x", HadoopSettings.defaults()
                .with("fs.s3a.impl", "org.apache.hadoop.fs.s3a.NotInstalledFileSystem"));
        assertTrue(e.getMessage().contains("hadoop-aws"), e.getMessage());
    }

    @Test
    void anUnreachableNamenodeIsRefusedNamingTheUri() {
        // nothing listens on port 1; no connection retries, so the refusal is immediate
        ResultStoreException e = refused("hdfs://127.0.0.1:1/sweeps/x", HadoopSettings.defaults()
                .with("ipc.client.connect.max.retries", "0"));
        assertTrue(e.getMessage().contains("cannot reach"), e.getMessage());
    }

    @Test
    void aPathUnderAFileIsRefusedNamingIt() throws Exception {
        Files.writeString(dir.resolve("plain"), "x");
        refused(dir.resolve("plain").resolve("sub").toUri().toString(), HadoopSettings.defaults());
        assertEquals("x", Files.readString(dir.resolve("plain")));
    }

    private static ResultStoreException refused(String uri, HadoopSettings settings) {
        ResultStore store = new ResultStore(StoragePath.of(new Storage(settings), uri));
        ResultStoreException e = assertThrows(ResultStoreException.class, () -> store.open("x"));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains(uri), e.getMessage());
        return e;
    }
}
