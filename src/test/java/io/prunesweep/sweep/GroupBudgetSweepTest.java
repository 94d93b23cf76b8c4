package io.prunesweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.metric.Metric;
import io.prunesweep.model.ModelStore;
import io.prunesweep.model.Net;
import io.prunesweep.prune.MaskSet;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.SensitivityRow;
import io.prunesweep.results.SweepOutcome;
import io.prunesweep.testing.GraphNets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A budget sweep of a {@code ComputationGraph} with batch norm at neuron granularity, in process: the sensitivity
 * table has a row per unit group and ratio, each budget's per-group ratios meet it on the pruned candidate, the
 * candidates hold their masks, and the report renders the table as groups.
 */
class GroupBudgetSweepTest {
    @TempDir
    Path tmp;

    @Test
    void aBudgetSweepOfAGraphAllocatesPerUnitGroupAndMeetsEveryBudget() throws IOException {
        Path spec = GraphNets.sweepSpec(tmp, "groupbudget", "neuron");
        // the stream d1+d2 and the hidden layer h: two neuron groups (GraphNets.residualMlpWithHidden)
        ModelStore.save(Net.of(GraphNets.residualMlpWithHidden(3)), Optional.empty(), tmp.resolve("graph.zip"));
        // dense: 283 parameters; FLOPs 2·(96 + 64 + 48 + 18) = 452
        Files.writeString(spec, Files.readString(spec)
                .replace("sparsity: [0.5, 0.8]", "sparsity: [0.5]\n  budget: [\"nonzero_params<=200\", \"flops<=300\"]")
                .replace("objectives:", "sensitivity: {ratios: [0.25, 0.5, 0.75], granularity: neuron}\nobjectives:"));
        Path out = tmp.resolve("out");
        List<String> log = new ArrayList<>();
        SweepOutcome o = new SweepDriver(new LocalRunner(), log::add).run(spec, out, ResumeOptions.REUSE, false);

        List<SensitivityRow> table = new SensitivityStage(SweepSetup.prepare(io.prunesweep.spec.SpecLoader.load(spec),
                spec, out, 1, line -> { })).table();
        assertEquals(6, table.size(), table.toString());
        assertEquals(List.of(1, 1, 1, 2, 2, 2), table.stream().map(SensitivityRow::layer).toList());
        assertTrue(table.stream().allMatch(r -> r.ok() && r.byGroup()), table.toString());
        assertEquals("group 'd1+d2' of DenseLayer+BatchNormalization", table.get(0).type());
        assertEquals("group 'h' of DenseLayer", table.get(3).type());
        // h at 0.5 alone: 3 of its 6 units, i.e. 3 columns of 8 in h and 3 rows of 3 in out (and 3 biases, but the
        // base model is used untrained, so they are still 0 and no nonzeros)
        assertEquals(24 + 9, table.get(4).nonzeroRemoved());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("budget nonzero_params<=200: per-layer ratios {")),
                log.toString());

        assertEquals(3, o.all().size(), o.all().toString());
        assertTrue(o.all().stream().allMatch(ResultRow::ok), o.all().toString());
        ResultRow nonzero = budget(o, "nonzero_params<=200");
        assertTrue(nonzero.value(Metric.NONZERO_PARAMS) <= 200, nonzero.toString());
        ResultRow flops = budget(o, "flops<=300");
        assertTrue(flops.value(Metric.FLOPS) <= 300, flops.toString());
        for (ResultRow r : o.all()) {
            Path dir = out.resolve("candidates");
            Net masked = ModelStore.load(dir.resolve(r.candidateId() + ".zip")).net();
            assertEquals(0, MaskSet.load(dir.resolve(r.candidateId() + ".masks.json")).violations(masked),
                    "the fine-tuned candidate holds its masks: " + r.label());
        }
        String report = Files.readString(out.resolve("report.html"));
        assertTrue(report.contains("Unit-group sensitivity") && report.contains("group 2 &#39;h&#39; of DenseLayer (72)"),
                "the report's sensitivity section names the groups");
        assertTrue(Files.readString(out.resolve("sensitivity.csv")).contains("\n2,group 'h' of DenseLayer,72,0.5,"));
    }

    private static ResultRow budget(SweepOutcome o, String id) {
        return o.all().stream().filter(r -> id.equals(r.config().budgetId())).findFirst().orElseThrow();
    }

    @Test
    void criteriaTheBudgetCellsCannotScoreAreRefusedBeforeAnyCellOrCandidateRuns() throws IOException {
        // bn at element granularity (the default sensitivity granularity) cannot score anything
        Path spec = GraphNets.sweepSpec(tmp, "bnbudget", "neuron");
        Files.writeString(spec, Files.readString(spec).replace("criterion: [magnitude]", "criterion: [bn]")
                .replace("sparsity: [0.5, 0.8]", "sparsity: [0.5]\n  budget: [\"nonzero_params<=200\"]"));
        SweepException e = org.junit.jupiter.api.Assertions.assertThrows(SweepException.class,
                () -> new SweepDriver(new LocalRunner(), s -> { }).run(spec, tmp.resolve("o1"), ResumeOptions.REUSE,
                        false));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("sensitivity.granularity = element with space.criterion = bn"),
                e.getMessage());

        // the sensitivity table's own criterion: bn on a graph without batch norm
        Path noBn = GraphNets.sweepSpec(tmp, "bncells", "neuron", false);
        Files.writeString(noBn, Files.readString(noBn)
                .replace("sparsity: [0.5, 0.8]", "sparsity: [0.5]\n  budget: [\"nonzero_params<=200\"]")
                .replace("objectives:", "sensitivity: {criterion: bn, granularity: neuron}\nobjectives:"));
        Path out = tmp.resolve("o2");
        e = org.junit.jupiter.api.Assertions.assertThrows(SweepException.class,
                () -> new SweepDriver(new LocalRunner(), s -> { }).run(noBn, out, ResumeOptions.REUSE, false));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("sensitivity.criterion = bn") && e.getMessage().contains("no batch norm"),
                e.getMessage());
        assertTrue(!Files.isDirectory(out.resolve("sensitivity"))
                || Files.list(out.resolve("sensitivity")).findAny().isEmpty(), "no cell was run");
    }
}
