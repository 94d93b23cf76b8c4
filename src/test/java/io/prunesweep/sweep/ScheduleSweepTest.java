package io.prunesweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.model.ModelStore;
import io.prunesweep.model.Net;
import io.prunesweep.prune.MaskSet;
import io.prunesweep.results.ResultRow;
import io.prunesweep.spec.Candidate;
import io.prunesweep.spec.SpecLoader;
import io.prunesweep.spec.SweepSpec;
import io.prunesweep.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every schedule and the new granularities through the real candidate job (no Spark), on a Fashion slice. */
class ScheduleSweepTest {
    static final String FASHION = "/usr/share/datasets/fashion-mnist";

    private static String yaml(Path out, String model, String schedules, String granularities) {
        return """
                name: sched
                seed: 7
                model: %s
                data: {format: idx, dir: %s, validation: 300, trainLimit: 1200, testLimit: 300}
                space:
                  criterion: [magnitude]
                  granularity: [%s]
                  sparsity: [0.9]
                  schedule: [%s]
                  rounds: 2
                  nm: "2:4"
                  block: "4x1"
                  fineTuneEpochs: [2]
                  batchSize: 64
                output: %s
                """.formatted(model, FASHION, granularities, schedules, out);
    }

    @Test
    void everyScheduleHoldsItsMaskAndLotteryNeedsTheSnapshot(@TempDir Path dir) throws Exception {
        Prerequisites.requireFashionMnist();
        Path out = dir.resolve("out");
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, yaml(out, "{zoo: mlp, epochs: 1, batchSize: 64}",
                "one-shot, iterative, gradual, lottery, lottery-reinit", "element, nm, block, neuron"));
        SweepSpec spec = SpecLoader.load(f);
        PreparedSweep p = SweepSetup.prepare(spec, f, out, 1, s -> { });
        assertTrue(Files.isRegularFile(out.resolve("base/mlp.init.zip")), "the initial weights are kept");
        assertNotNull(p.initBytes());
        assertEquals(4 * 5, p.candidates().size());
        List<String> failures = new ArrayList<>();
        for (Candidate c : p.candidates()) {
            ResultRow r = p.job().run(c, p.base().bytes(), p.initBytes(), "test", 0);
            if (!r.ok()) {
                failures.add(c.config().canonical() + ": " + r.error());
                continue;
            }
            Net net = ModelStore.load(out.resolve("candidates").resolve(c.id() + ".zip")).net();
            MaskSet m = MaskSet.load(out.resolve("candidates").resolve(c.id() + ".masks.json"));
            assertEquals(0, m.violations(net), c.config().canonical());
            double kept = (double) m.masks().values().stream().mapToLong(x -> x.keptCount()).sum()
                    / m.coveredCount();
            switch (c.config().method().granularity()) {
                case ELEMENT -> assertEquals(0.1, kept, 1e-3, c.config().canonical());
                case NM -> assertEquals(0.5, kept, 1e-9, c.config().canonical());
                case BLOCK -> assertEquals(0.1, kept, 0.01, c.config().canonical());
                case NEURON -> assertTrue(r.measurements().footprint().shrunkParams() > 0
                        && r.measurements().footprint().shrunkParams() < r.measurements().footprint().params());
                default -> { }
            }
        }
        assertEquals(List.of(), failures);

        Path user = dir.resolve("user.yaml");
        Files.writeString(user, yaml(dir.resolve("out2"), "{path: " + out.resolve("base/mlp.zip") + "}", "lottery",
                "element"));
        SweepException e = assertThrows(SweepException.class,
                () -> SweepSetup.prepare(SpecLoader.load(user), user, dir.resolve("out2"), 1, s -> { }));
        assertTrue(e.getMessage().contains("space.schedule = lottery"), e.getMessage());
    }
}
