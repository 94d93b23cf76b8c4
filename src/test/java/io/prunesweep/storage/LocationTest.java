package io.prunesweep.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocationTest {
    @Test
    void aPlainPathStaysAsGiven() {
        Location l = Location.of("out/sweep");
        assertTrue(l.isPlainPath());
        assertTrue(l.isLocal());
        assertEquals("", l.scheme());
        assertEquals("out/sweep/results/a.json", l.resolve("results").resolve("a.json").toString());
        assertEquals("sweep", l.name());
        assertEquals("out", l.parent().toString());
        assertEquals(Path.of("out/sweep"), l.localPath());
        assertEquals(Path.of("out/sweep").toAbsolutePath().normalize().toString(), l.absolute().toString());
    }

    @Test
    void aWindowsDriveLetterIsNotAScheme() {
        assertTrue(Location.of("C:/data/x").isPlainPath());
    }

    @Test
    void aUriKeepsItsSchemeAndLosesTrailingSlashes() {
        Location l = Location.of("hdfs://nn:8020/sweeps/a/");
        assertEquals("hdfs", l.scheme());
        assertFalse(l.isLocal());
        assertEquals("hdfs://nn:8020/sweeps/a", l.toString());
        assertEquals("hdfs://nn:8020/sweeps/a/results/x.json", l.resolve("results/x.json").toString());
        assertEquals("x.json", l.resolve("results/x.json").name());
        assertEquals("hdfs://nn:8020/sweeps", l.parent().toString());
        assertEquals("hdfs://nn:8020/", l.parent().parent().toString());
        assertThrows(IllegalStateException.class, () -> l.parent().parent().parent());
        assertThrows(IllegalStateException.class, l::localPath);
    }

    @Test
    void aBucketIsItsRoot() {
        Location b = Location.of("s3a://bucket");
        assertEquals("s3a://bucket/", b.toString());
        assertEquals("s3a://bucket/sweep", b.resolve("sweep").toString());
        assertEquals("s3a://bucket/", b.resolve("sweep").parent().toString());
    }

    @Test
    void aFileUriIsLocal() {
        Location l = Location.of("file:///tmp/sweep");
        assertTrue(l.isLocal());
        assertFalse(l.isPlainPath());
        assertEquals(Path.of("/tmp/sweep"), l.localPath());
        assertEquals(Path.of("/tmp/sweep/a"), Location.of("file:/tmp/sweep").resolve("a").localPath());
    }

    @Test
    void badLocationsAreRefusedNamingThem() {
        assertThrows(IllegalArgumentException.class, () -> Location.of(" "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Location.of("hdfs://nn/a b^"));
        assertTrue(e.getMessage().contains("hdfs://nn/a b^"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Location.of("out").resolve("/abs"));
    }
}
