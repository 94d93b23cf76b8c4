package io.prunesweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The measured tables of README.md and docs/SCHEDULES.md are exactly what {@code prunesweep report} renders
 * from the committed result files they name (docs/results/), so no table is typed or edited by hand.
 */
class ReadmeTablesTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    void readmeTablesEqualTheirResults() throws Exception {
        check(Path.of("README.md"), 7);
    }

    @Test
    void schedulesTablesEqualTheirResults() throws Exception {
        check(Path.of("docs/SCHEDULES.md"), 3);
    }

    private static void check(Path doc, int atLeast) throws Exception {
        String text = Files.readString(doc);
        int n = ReadmeTables.blocks(text).size();
        assertTrue(n >= atLeast, doc + " should hold at least " + atLeast + " generated tables, found " + n);
        List<String> diffs = ReadmeTables.mismatches(text, ROOT);
        assertEquals(List.of(), diffs, doc + ": run jobs/reference-results.sh (or prunesweep report --readme "
                + doc + ") to regenerate");
    }
}
