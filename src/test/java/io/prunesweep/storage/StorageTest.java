package io.prunesweep.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Storage on the local disk, through both of its routes: a plain path ({@code java.nio}) and a {@code file:}
 * URI (Hadoop's raw local file system); failures through a local file system that fails on demand.
 */
class StorageTest {
    @TempDir
    Path tmp;

    private final Storage storage = Storage.withDefaults();

    static Stream<Arguments> roots() {
        return Stream.of(Arguments.of("plain path"), Arguments.of("file: URI"));
    }

    private Location root(String kind) {
        return kind.equals("plain path") ? Location.of(tmp) : Location.of(tmp.toUri().toString());
    }

    @BeforeEach
    void clearEvents() {
        FaultyFileSystem.EVENTS.clear();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roots")
    void aWriteIsReadBackAndASecondWriteReplacesIt(String kind) throws IOException {
        Location f = root(kind).resolve("a/b/result.json");
        storage.writeString(f, "first");
        storage.writeString(f, "second");
        assertEquals("second", storage.readString(f));
        assertEquals("second", Files.readString(tmp.resolve("a/b/result.json")));
        // no temporary or .crc files beside it
        assertEquals(List.of("result.json"), storage.list(root(kind).resolve("a/b")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roots")
    void listExistsAndDeleteSeeTheDirectory(String kind) throws IOException {
        Location dir = root(kind).resolve("d");
        assertEquals(List.of(), storage.list(dir));
        assertFalse(storage.exists(dir));
        storage.write(dir.resolve("b.json"), new byte[] {1});
        storage.write(dir.resolve("a.json"), new byte[] {2, 3});
        storage.mkdirs(dir.resolve("sub"));
        assertEquals(List.of("a.json", "b.json", "sub"), storage.list(dir));
        assertTrue(storage.isDirectory(dir.resolve("sub")));
        assertFalse(storage.isDirectory(dir.resolve("a.json")));
        assertArrayEquals(new byte[] {2, 3}, storage.readBytes(dir.resolve("a.json")));
        assertTrue(storage.delete(dir.resolve("a.json")));
        assertFalse(storage.delete(dir.resolve("a.json")));
        assertEquals(List.of("b.json", "sub"), storage.list(dir));
        storage.deleteRecursively(dir);
        assertFalse(Files.exists(tmp.resolve("d")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roots")
    void anExclusiveCreateSucceedsOnceAndKeepsTheFirstContent(String kind) throws IOException {
        Location lock = root(kind).resolve("sweep/.lock");
        assertTrue(storage.createExclusive(lock, "first".getBytes()));
        assertFalse(storage.createExclusive(lock, "second".getBytes()));
        assertEquals("first", storage.readString(lock));
    }

    @Test
    void anExclusiveCreateThroughHadoopFailsWhenTheFileExists() throws IOException {
        Storage faulty = faulty(false, false);
        Location lock = Location.of("faulty://" + tmp.resolve(".lock"));
        assertTrue(faulty.createExclusive(lock, "first".getBytes()));
        assertFalse(faulty.createExclusive(lock, "second".getBytes()));
        assertEquals("first", Files.readString(tmp.resolve(".lock")));
    }

    @Test
    void eachStoreKindGetsItsWriteMode() {
        assertEquals(WriteMode.TEMP_AND_RENAME, storage.writeMode(Location.of("out/x.json")));
        assertEquals(WriteMode.TEMP_AND_RENAME, storage.writeMode(Location.of("file:/tmp/x.json")));
        assertEquals(WriteMode.TEMP_AND_RENAME, storage.writeMode(Location.of("hdfs://nn:8020/x.json")));
        assertEquals(WriteMode.SINGLE_PUT, storage.writeMode(Location.of("s3a://bucket/x.json")));
        assertEquals(WriteMode.SINGLE_PUT, storage.writeMode(Location.of("gs://bucket/x.json")));
        Storage configured = new Storage(HadoopSettings.defaults().with(Storage.SINGLE_PUT_SCHEMES, "oss, hdfs"));
        assertEquals(WriteMode.SINGLE_PUT, configured.writeMode(Location.of("hdfs://nn:8020/x.json")));
        assertEquals(WriteMode.TEMP_AND_RENAME, configured.writeMode(Location.of("s3a://bucket/x.json")));
    }

    @Test
    void anUnknownSchemeIsAnErrorNamingIt() {
        IOException e = assertThrows(IOException.class, () -> storage.readBytes(Location.of("nosuchfs://host/x")));
        assertTrue(e.getMessage().contains("nosuchfs"), e.getMessage());
    }

    @Test
    void aFailedRenameLeavesTheOldContentAndNoTemporaryFile() throws IOException {
        Files.writeString(tmp.resolve("r.json"), "old");
        Storage failing = faulty(true, false);
        Location f = Location.of("faulty://" + tmp.resolve("r.json"));
        IOException e = assertThrows(IOException.class, () -> failing.writeString(f, "new"));
        assertTrue(e.getMessage().contains("injected rename failure"), e.getMessage());
        assertEquals("old", Files.readString(tmp.resolve("r.json")));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of("r.json"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aFailedSinglePutIsAbortedNotClosed() {
        Storage failing = new Storage(faulty(false, true).settings().with(Storage.SINGLE_PUT_SCHEMES, "faulty"));
        Location f = Location.of("faulty://" + tmp.resolve("r.json"));
        assertEquals(WriteMode.SINGLE_PUT, failing.writeMode(f));
        assertThrows(IOException.class, () -> failing.writeString(f, "content"));
        // closing an S3A stream completes the upload; aborting publishes nothing
        assertEquals(List.of("abort r.json"), FaultyFileSystem.EVENTS);
    }

    @Test
    void aSinglePutWritesOnceAtTheFinalName() throws IOException {
        Storage s = new Storage(faulty(false, false).settings().with(Storage.SINGLE_PUT_SCHEMES, "faulty"));
        Location f = Location.of("faulty://" + tmp.resolve("r.json"));
        s.writeString(f, "content");
        assertEquals(List.of("close r.json"), FaultyFileSystem.EVENTS);
        assertEquals("content", Files.readString(tmp.resolve("r.json")));
    }

    @Test
    void aRenameWriteCreatesOnlyAHiddenTemporaryFile() throws IOException {
        faulty(false, false).writeString(Location.of("faulty://" + tmp.resolve("r.json")), "x");
        assertEquals(1, FaultyFileSystem.EVENTS.size());
        assertTrue(FaultyFileSystem.EVENTS.get(0).matches("close \\.r\\.json\\.[0-9a-f-]+\\.tmp"),
                FaultyFileSystem.EVENTS.toString());
    }

    @Test
    void aStorageTravelsWithItsHadoopSettings() throws Exception {
        Storage shipped = roundTrip(faulty(false, false));
        Location f = Location.of("faulty://" + tmp.resolve("shipped.json"));
        shipped.writeString(f, "on an executor");
        assertEquals("on an executor", Files.readString(tmp.resolve("shipped.json")));
        assertEquals(faulty(false, false).settings(), shipped.settings());
    }

    @Test
    void settingsHoldOnlyWhatDiffersFromHadoopsDefaults() {
        Configuration conf = new Configuration();
        conf.set("fs.s3a.endpoint", "http://127.0.0.1:9000");
        conf.set("io.file.buffer.size", conf.get("io.file.buffer.size")); // a default, set again
        HadoopSettings s = HadoopSettings.of(conf);
        assertEquals(java.util.Map.of("fs.s3a.endpoint", "http://127.0.0.1:9000"), s.entries());
        assertEquals("http://127.0.0.1:9000", s.configuration().get("fs.s3a.endpoint"));
    }

    private static Storage faulty(boolean failRename, boolean failWrite) {
        return new Storage(HadoopSettings.defaults()
                .with("fs.faulty.impl", FaultyFileSystem.class.getName())
                .with("fs.faulty.impl.disable.cache", "true")
                .with("faulty.fail-rename", Boolean.toString(failRename))
                .with("faulty.fail-write", Boolean.toString(failWrite)));
    }

    private static Storage roundTrip(Storage s) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (Storage) in.readObject();
        }
    }
}
