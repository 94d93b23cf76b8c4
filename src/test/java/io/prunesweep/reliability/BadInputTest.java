package io.prunesweep.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.cli.Main;
import io.prunesweep.testing.CliRun;
import io.prunesweep.testing.Prerequisites;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input matrix through the CLI ({@link Main#execute}, in-process): every case exits 2, names the
 * field, file or value at fault, and leaves a previously finished sweep given as {@code --out} intact.
 */
class BadInputTest {
    private static Path finished;
    private static Path goodSpec;
    private static Map<String, String> finishedFiles;

    private static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    @BeforeAll
    static void finishOneSweep() throws IOException {
        Prerequisites.requireFashionMnist();
        Files.createDirectories(Reliability.WORK);
        goodSpec = Reliability.spec(Reliability.WORK.resolve("good-spec.yaml"), "good", Reliability.baseModel(),
                "element", "0.5, 0.7", "0.001");
        finished = Reliability.fresh("finished");
        long t0 = System.nanoTime();
        CliRun r = cli("sweep", "--spec", goodSpec.toString(), "--out", finished.toString(), "--master", "local[2]");
        assertEquals(0, r.code(), r.err());
        System.out.printf("finished reference sweep (2 candidates, local[2]) in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        finishedFiles = snapshot(finished);
        assertEquals(2, finishedFiles.size());
    }

    /** results/*.json of a sweep: name to content. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir.resolve("results"))) {
            for (Path p : s.toList()) {
                m.put(p.getFileName().toString(), Files.readString(p));
            }
        }
        return m;
    }

    static String good() throws IOException {
        return Files.readString(goodSpec);
    }

    static Path variant(String name, String from, String to) throws IOException {
        String g = good();
        assertTrue(g.contains(from), from);
        Path p = Reliability.WORK.resolve("bad").resolve(name + ".yaml");
        Reliability.write(p, g.replace(from, to));
        return p;
    }

    /** A spec reading explicit data files instead of Fashion-MNIST. */
    static Path dataVariant(String name, String dataLine) throws IOException {
        String g = good();
        Path p = Reliability.WORK.resolve("bad").resolve(name + ".yaml");
        Reliability.write(p, g.replaceAll("(?m)^data: .*$", "data: " + dataLine));
        return p;
    }

    static void idx(Path file, int magic, int[] dims, int payloadBytes) throws IOException {
        Files.createDirectories(file.getParent());
        try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(file))) {
            o.writeInt(magic);
            for (int d : dims) {
                o.writeInt(d);
            }
            for (int i = 0; i < payloadBytes; i++) {
                o.writeByte(magic == 0x801 ? i % 10 : (i * 31) & 0xff);
            }
        }
    }

    static Path idxData(String name, int imageMagic, int images, int imagePayload, int labels) throws IOException {
        Path d = Reliability.WORK.resolve("bad").resolve(name);
        idx(d.resolve("train-images"), imageMagic, new int[] {images, 28, 28}, imagePayload);
        idx(d.resolve("train-labels"), 0x801, new int[] {labels}, labels);
        idx(d.resolve("test-images"), 0x803, new int[] {100, 28, 28}, 100 * 784);
        idx(d.resolve("test-labels"), 0x801, new int[] {100}, 100);
        return dataVariant(name, "{format: idx, train: %s, trainLabels: %s, test: %s, testLabels: %s, validation: 100}"
                .formatted(d.resolve("train-images"), d.resolve("train-labels"), d.resolve("test-images"),
                        d.resolve("test-labels")));
    }

    static Path csv(String name, String badCell) throws IOException {
        Path f = Reliability.WORK.resolve("bad").resolve(name + ".csv");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            sb.append(i % 10);
            for (int j = 0; j < 5; j++) {
                sb.append(',').append(i == 7 && j == 2 && badCell != null ? badCell : String.valueOf((i * 7 + j) % 13 / 13.0));
            }
            sb.append('\n');
        }
        Reliability.write(f, sb.toString());
        return dataVariant(name, "{format: csv, train: %s, test: %s, labelColumn: 0, header: false, validation: 50}"
                .formatted(f, f));
    }

    static Stream<Arguments> badInputs() throws IOException {
        Path corrupt = Reliability.WORK.resolve("bad").resolve("corrupt-model.zip");
        Reliability.write(corrupt, "this is not a zip file");
        String base = Reliability.baseModel().toString();
        return Stream.of(
                // spec
                Arguments.of("unknown key", variant("unknown-key", "objectives:", "objectivs:"), List.of("objectivs")),
                Arguments.of("misspelled criterion", variant("criterion", "[magnitude]", "[magnitud]"),
                        List.of("magnitud", "criterion")),
                Arguments.of("misspelled search method", variant("method", "method: grid", "method: gird"),
                        List.of("gird")),
                Arguments.of("sparsity 1.5", variant("ratio", "sparsity: [0.5, 0.7]", "sparsity: [0.5, 1.5]"),
                        List.of("1.5", "sparsity")),
                Arguments.of("negative epochs", variant("epochs", "fineTuneEpochs: [1]", "fineTuneEpochs: [-1]"),
                        List.of("-1", "fineTuneEpochs")),
                Arguments.of("empty list", variant("empty", "granularity: [element]", "granularity: []"),
                        List.of("granularity")),
                Arguments.of("duplicate candidates", variant("dup", "sparsity: [0.5, 0.7]", "sparsity: [0.5, 0.5]"),
                        List.of("duplicate", "0.5")),
                Arguments.of("missing model", variant("no-model", base, base + ".missing"),
                        List.of("base-mlp.zip.missing")),
                // model
                Arguments.of("corrupt model zip", variant("corrupt", base, corrupt.toString()),
                        List.of("corrupt-model.zip")),
                Arguments.of("channel granularity on an MLP",
                        variant("channel", "granularity: [element]", "granularity: [channel]"), List.of("channel")),
                Arguments.of("input width 5 vs model 784", csv("width", null), List.of("784", "5")),
                // data
                Arguments.of("wrong IDX magic", idxData("magic", 0x999, 600, 600 * 784, 600),
                        List.of("train-images", "magic")),
                Arguments.of("truncated IDX", idxData("truncated", 0x803, 600, 300 * 784, 600),
                        List.of("train-images")),
                Arguments.of("label/image count mismatch", idxData("count", 0x803, 600, 600 * 784, 500),
                        List.of("600", "500")),
                Arguments.of("CSV non-numeric cell", csv("nonnumeric", "abc"), List.of("nonnumeric.csv", "line 8", "abc")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputExits2NamesTheCulpritAndKeepsAFinishedSweep(String what, Path spec, List<String> named)
            throws IOException {
        CliRun r = cli("sweep", "--spec", spec.toString(), "--out", finished.toString(), "--master", "local[1]");
        System.out.println(what + " -> exit " + r.code() + ": " + r.err().strip());
        assertEquals(2, r.code(), what + ": " + r.err());
        for (String n : named) {
            assertTrue(r.err().contains(n), what + ": message does not name '" + n + "': " + r.err());
        }
        assertEquals(finishedFiles, snapshot(finished), what + ": the finished sweep's results changed");
    }

    static Stream<Arguments> badSensitivityInputs() throws IOException {
        return Stream.of(
                Arguments.of("sensitivity ratio 1.5",
                        variant("sens-ratio", "objectives:", "sensitivity: {ratios: [0.5, 1.5]}\nobjectives:"),
                        List.of("sensitivity.ratios", "1.5")),
                Arguments.of("sensitivity misspelled criterion",
                        variant("sens-crit", "objectives:", "sensitivity: {criterion: magnitud}\nobjectives:"),
                        List.of("sensitivity.criterion", "magnitud")),
                Arguments.of("sensitivity unknown key",
                        variant("sens-key", "objectives:", "sensitivity: {ratio: [0.5]}\nobjectives:"),
                        List.of("sensitivity", "ratio")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSensitivityInputs")
    void badSensitivityInputExits2AndKeepsAFinishedSweep(String what, Path spec, List<String> named)
            throws IOException {
        CliRun r = cli("sensitivity", "--spec", spec.toString(), "--out", finished.toString(), "--master", "local[1]");
        assertEquals(2, r.code(), what + ": " + r.err());
        for (String n : named) {
            assertTrue(r.err().contains(n), what + ": message does not name '" + n + "': " + r.err());
        }
        assertEquals(finishedFiles, snapshot(finished), what + ": the finished sweep's results changed");
    }

    @Test
    void outputPathThatIsAFileIsRefused() throws IOException {
        Path file = Reliability.WORK.resolve("bad").resolve("out-is-a-file");
        Reliability.write(file, "keep me");
        CliRun r = cli("sweep", "--spec", goodSpec.toString(), "--out", file.toString(), "--master", "local[1]");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(file.toString()) && r.err().contains("is a file"), r.err());
        assertEquals("keep me", Files.readString(file));
    }

    @Test
    void foreignNonEmptyDirectoryIsRefusedAndNamed() throws IOException {
        Path dir = Reliability.fresh("foreign");
        Reliability.write(dir.resolve("thesis.tex"), "precious");
        Files.createDirectories(dir.resolve("data"));
        CliRun r = cli("sweep", "--spec", goodSpec.toString(), "--out", dir.toString(), "--master", "local[1]");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("thesis.tex") && r.err().contains("data") && r.err().contains(dir.toString()),
                r.err());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(2, s.count(), "nothing added or deleted");
        }
        assertEquals("precious", Files.readString(dir.resolve("thesis.tex")));
    }

    @Test
    void unwritableOutputIsRefusedBeforeWork() throws IOException {
        // a path under a regular file cannot be created even by root (who ignores permission bits)
        Path file = Reliability.WORK.resolve("bad").resolve("plain-file");
        Reliability.write(file, "x");
        Path out = file.resolve("sub");
        long t0 = System.nanoTime();
        CliRun r = cli("sweep", "--spec", goodSpec.toString(), "--out", out.toString(), "--master", "local[1]");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(out.toString()), r.err());
        assertTrue(!r.out().contains("reading data"), "refused before reading data: " + r.out());
        System.out.printf("unwritable output refused in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @Test
    void reusingAFinishedDirectoryWithOneMoreSparsityRunsOnlyTheNewCandidate() throws IOException {
        Path dir = Reliability.fresh("reuse");
        copyTree(finished, dir);
        Map<String, String> before = snapshot(dir);
        Path more = variant("more", "sparsity: [0.5, 0.7]", "sparsity: [0.5, 0.7, 0.9]");
        CliRun r = cli("sweep", "--spec", more.toString(), "--out", dir.toString(), "--master", "local[2]");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("3 candidates, 2 already done, 1 to run"), r.out());
        Map<String, String> after = snapshot(dir);
        assertEquals(3, after.size());
        before.forEach((k, v) -> assertEquals(v, after.get(k), k + " rewritten"));
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
