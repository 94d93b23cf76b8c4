package io.prunesweep.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code data} section of a table dataset: {@code format: parquet} with its columns, and its mistakes. */
class TableSpecTest {
    @TempDir
    Path dir;

    private SweepSpec load(String data) throws IOException {
        Path f = dir.resolve("t.yaml");
        Files.writeString(f, """
                name: t
                model: {zoo: mlp, epochs: 1}
                data: %s
                space: {criterion: [magnitude], granularity: [element], sparsity: [0.5]}
                """.formatted(data));
        return SpecLoader.load(f);
    }

    private String refused(String data) {
        SpecException e = assertThrows(SpecException.class, () -> load(data));
        assertEquals(2, e.exitCode());
        return e.getMessage();
    }

    @Test
    void parquetTakesSparkMlDefaultsAndAPath() throws IOException {
        DataSpec d = load("{format: parquet, path: hdfs://nn:8020/data/fashion}").data();
        assertTrue(d.isTable());
        assertEquals("hdfs://nn:8020/data/fashion", d.dir());
        assertEquals("features", d.features());
        assertEquals("label", d.label());
        assertNull(d.order());
        assertNull(d.shape());
    }

    @Test
    void parquetColumnsOrderAndShape() throws IOException {
        DataSpec d = load("{format: parquet, train: a/train.parquet, test: a/test.parquet, features: pixels, "
                + "label: y, order: id, shape: [1, 28, 28]}").data();
        assertEquals("pixels", d.features());
        assertEquals("y", d.label());
        assertEquals("id", d.order());
        assertEquals(List.of(1, 28, 28), d.shape());
    }

    @Test
    void parquetMayNameNoTablesForAProgramToHandThemOver() throws IOException {
        DataSpec d = load("{format: parquet, validation: 100}").data();
        assertNull(d.dir());
        assertNull(d.train());
    }

    @Test
    void mistakesAreNamed() {
        assertTrue(refused("{format: parquet, path: p, shape: [28, 28]}").contains("data.shape"));
        assertTrue(refused("{format: parquet, path: p, features: x, label: x}").contains("data.label"));
        assertTrue(refused("{format: parquet, train: a}").contains("data.test"));
        assertTrue(refused("{format: idx, dir: d, features: x}").contains("data.features"));
        assertTrue(refused("{format: csv, dir: d, label: y}").contains("labelColumn"));
        assertTrue(refused("{format: parquet, dir: d, path: p}").contains("not both"));
        assertTrue(refused("{format: orc, dir: d}").contains("parquet"));
    }

    @Test
    void tableKeysLeaveTheHashOfFileSpecsAloneButCountForTables() throws IOException {
        String idx = load("{format: idx, dir: /d}").specHash();
        assertEquals(idx, load("{format: idx, dir: /d}").specHash());
        String a = load("{format: parquet, path: /d}").specHash();
        assertTrue(!a.equals(load("{format: parquet, path: /d, label: y}").specHash()));
        // path is parquet's spelling of dir: the same spec
        assertEquals(a, load("{format: parquet, dir: /d}").specHash());
    }
}
