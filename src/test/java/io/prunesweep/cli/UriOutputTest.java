package io.prunesweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.testing.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * An output URI the run cannot use is refused with exit 2, naming the URI and the reason, before Spark starts
 * or any data is read.
 */
class UriOutputTest {
    private static final String SPEC = Path.of("conf/sweeps/quick.yaml").toAbsolutePath().toString();

    private static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    private static void refused(String uri, String reason) {
        CliRun r = cli("sweep", "--spec", SPEC, "--out", uri, "--master", "local[1]");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(uri), "names the URI: " + r.err());
        assertTrue(r.err().contains(reason), "says why: " + r.err());
        assertTrue(!r.out().contains("reading data"), "refused before reading data: " + r.out());
    }

    @Test
    void anUnknownSchemeIsRefused() {
        refused("nosuchfs://host/sweeps/quick", "no Hadoop file system");
    }

    @Test
    void s3aWithoutItsJarsIsRefused() {
        // hadoop-aws is on the test class path (S3IT), so its absence is reproduced the way Hadoop meets it: the
        // class its configuration names for s3a cannot be loaded (S3IT also runs with the two jars, as users do)
        System.setProperty("spark.hadoop.fs.s3a.impl", "org.apache.hadoop.fs.s3a.NotInstalledFileSystem");
        try {
            refused("s3a://bucket/sweeps/quick", "hadoop-aws");
        } finally {
            System.clearProperty("spark.hadoop.fs.s3a.impl");
        }
    }

    @Test
    void aSpecUriIsReadAndItsErrorsNameIt(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        CliRun unknown = cli("sweep", "--spec", "nosuchfs://host/specs/quick.yaml", "--master", "local[1]");
        assertEquals(2, unknown.code(), unknown.err());
        assertTrue(unknown.err().contains("nosuchfs://host/specs/quick.yaml"), unknown.err());

        // a file: URI is read: the run gets as far as the output directory, which is a file here
        java.nio.file.Path file = java.nio.file.Files.writeString(tmp.resolve("a-file"), "x");
        CliRun read = cli("sweep", "--spec", Path.of(SPEC).toUri().toString(), "--out", file.toString(), "--master",
                "local[1]");
        assertEquals(2, read.code(), read.err());
        assertTrue(read.err().contains("is a file"), read.err());

        java.nio.file.Path bad = java.nio.file.Files.writeString(tmp.resolve("bad.yaml"), "name: [x\n");
        CliRun invalid = cli("sweep", "--spec", bad.toUri().toString(), "--master", "local[1]");
        assertEquals(2, invalid.code(), invalid.err());
        assertTrue(invalid.err().contains("invalid YAML"), invalid.err());
    }

    @Test
    void anUnreachableNamenodeIsRefused() {
        // spark.hadoop.* settings reach the check as they reach the session; no retries, so it is quick
        System.setProperty("spark.hadoop.ipc.client.connect.max.retries", "0");
        try {
            refused("hdfs://127.0.0.1:1/sweeps/quick", "cannot reach");
        } finally {
            System.clearProperty("spark.hadoop.ipc.client.connect.max.retries");
        }
    }
}
