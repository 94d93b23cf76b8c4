package io.prunesweep.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultStoreTest {
    @Test
    void aDistributedFilesystemUriIsRefusedInsteadOfWrittenLocally(@TempDir Path dir) {
        for (String uri : new String[] {"hdfs://namenode:8020/sweeps/x", "s3a://bucket/sweeps/x", "file:///tmp/x"}) {
            ResultStore store = new ResultStore(Path.of(uri));
            ResultStoreException e = assertThrows(ResultStoreException.class, () -> store.open("x"));
            assertEquals(2, e.exitCode());
            assertTrue(e.getMessage().contains("URI"), e.getMessage());
            assertFalse(Files.exists(Path.of(uri.substring(0, uri.indexOf(':')) + ":")), "nothing created locally");
        }
        new ResultStore(dir.resolve("ok")).open("x");
        assertTrue(Files.isRegularFile(dir.resolve("ok").resolve(ResultStore.MARKER)));
    }
}
