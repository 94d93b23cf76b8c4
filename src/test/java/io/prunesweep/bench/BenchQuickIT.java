package io.prunesweep.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.spark.Bench;
import io.prunesweep.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's quick mode end to end: every section is produced. It asserts no timings (CI machines
 * are noisy); the measurements live in bench/RESULTS.md from a full run.
 */
class BenchQuickIT {
    @Test
    void quickBenchmarkWritesEverySection(@TempDir Path dir) throws Exception {
        Prerequisites.requireFashionMnist();
        Path report = Bench.run(dir, true, s -> { });
        String md = Files.readString(report);
        for (String section : new String[] {"## 1. Parallel efficiency", "## 2. Spark overhead",
            "## 3. Fine-tune throughput", "## 4. Structured speedup", "## 4b. Convolutions through libnd4j's ops",
            "## 4c. Structured fine-tuning: shrunk vs dense",
            "## 5. Front quality", "## 6. Memory",
            "## 7. Cost model", "## 8. Per-candidate fixed cost", "## 9. Durations"}) {
            assertTrue(md.contains(section), "missing " + section);
        }
        assertTrue(md.contains("Results identical across local[1], local[2] and the loop (same seeds): **yes**"), md);
        assertTrue(md.contains("The dataset was loaded once in that JVM"), md);
        assertTrue(md.contains("| stated | ≤ 0.550 |"), md);
        // the graph zoo's resnet joins section 4b's training and dense vs shrunk tables
        assertTrue(md.contains("| resnet [6, 12, 24] | FastConv2D |"), md);
        assertTrue(md.lines().filter(l -> l.startsWith("| resnet | FastConv2D |")).count() == 3, md);
        assertTrue(md.contains("- resnet with FastConv2D: latency / FLOPs target "), md);
        assertTrue(md.contains("- In the shrunk resnet the kinds with counted FLOPs (FastConv2D, OutputLayer) take "), md);
        assertTrue(Files.readAllLines(dir.resolve("raw.csv")).size() > 20);
    }
}
