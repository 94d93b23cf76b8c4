package io.prunesweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.model.ModelException;
import io.prunesweep.testing.CliRun;
import io.prunesweep.testing.TinyIdx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exit 2 is for bad input only (the user fixes the file, key or value named); a failure while doing the
 * work, such as a model that cannot be written, exits 1. Runs on a tiny IDX dataset written here.
 */
class MainExitCodeTest {
    @TempDir
    static Path dir;
    private static Path data;

    @BeforeAll
    static void tinyDataset() throws IOException {
        data = Files.createDirectories(dir.resolve("idx"));
        writeIdx(data, "train", 120);
        writeIdx(data, "t10k", 40);
    }

    private static void writeIdx(Path d, String prefix, int count) throws IOException {
        // images depend on the label only, so the classes are learnable
        TinyIdx.write(d, prefix, count, 4, 4, i -> i % 10, (i, p) -> ((i % 10) * 25 + p * 7) & 0xff);
    }

    private static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    private static String[] train(Path out) {
        return new String[] {"train", "--model", "mlp", "--epochs", "1", "--batch-size", "32", "--validation", "20",
            "--data-dir", data.toString(), "--out", out.toString()};
    }

    @Test
    void modelThatCannotBeWrittenIsARunTimeFailure() throws IOException {
        // a regular file where the output directory should be: the write fails after training
        Path blocker = Files.writeString(dir.resolve("blocker"), "not a directory");
        Path out = blocker.resolve("models").resolve("m.zip");
        CliRun r = cli(train(out));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("cannot write model " + out), r.err());
    }

    @Test
    void trainThenWriteSucceedsOnTheSameData() {
        CliRun r = cli(train(dir.resolve("ok").resolve("m.zip")));
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void malformedModelFileIsBadInput() throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.zip"), "this is not a model");
        CliRun r = cli("prune", "--model", junk.toString(), "--sparsity", "0.5", "--validation", "20",
                "--data-dir", data.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(junk.toString()), r.err());
    }

    @Test
    void unknownZooModelIsBadInput() {
        CliRun r = cli("train", "--model", "resnet9000", "--epochs", "1", "--validation", "20",
                "--data-dir", data.toString(), "--out", dir.resolve("x.zip").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("resnet9000"), r.err());
    }

    @Test
    void exceptionTypesMapToCodes() {
        assertEquals(2, Main.exitCode(new ModelException("model file not found: m.zip")));
        assertEquals(1, Main.exitCode(new UncheckedIOException("cannot write model m.zip", new IOException("full"))));
    }

    @Test
    void aYarnClusterModeDriverReturnsFromMainInsteadOfExiting() {
        Properties p = new Properties();
        assertTrue(Main.exitsTheJvm(p), "a plain CLI run exits with its code");
        p.setProperty("spark.master", "yarn");
        p.setProperty("spark.submit.deployMode", "client");
        assertTrue(Main.exitsTheJvm(p), "a YARN client-mode driver is this JVM: it exits");
        p.setProperty("spark.submit.deployMode", "cluster");
        assertFalse(Main.exitsTheJvm(p), "the ApplicationMaster must see main return");
        p.setProperty("spark.master", "spark://host:7077");
        assertTrue(Main.exitsTheJvm(p), "standalone cluster mode runs main in its own driver JVM");
    }
}
