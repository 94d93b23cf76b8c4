package io.prunesweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.model.ModelStore;
import io.prunesweep.model.Net;
import io.prunesweep.prune.MaskSet;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.SensitivityRow;
import io.prunesweep.results.SweepOutcome;
import io.prunesweep.spec.SpecLoader;
import io.prunesweep.testing.GraphNets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep whose base model ({@code model: {path:}}) is a {@code ComputationGraph} zip, run in process. */
class GraphSweepTest {
    @TempDir
    Path tmp;

    @Test
    void aGraphBaseModelIsPrunedFineTunedMeasuredAndSaved() throws IOException {
        Path out = tmp.resolve("out");
        List<String> log = new ArrayList<>();
        SweepOutcome o = new SweepDriver(new LocalRunner(), log::add)
                .run(GraphNets.sweepSpec(tmp, "graph", "element"), out, ResumeOptions.REUSE, false);
        assertEquals(2, o.all().size());
        assertTrue(o.all().stream().allMatch(ResultRow::ok), o.all().toString());
        for (ResultRow r : o.all()) {
            var f = r.measurements().footprint();
            assertEquals(235, f.params(), "the graph's parameters");
            // d1 and d2 hold 96 + 64 weights; the output layer is not pruned
            long pruned = Math.round(r.config().targetSparsity() * 96) + Math.round(r.config().targetSparsity() * 64);
            assertTrue(f.nonzeroParams() <= 235 - pruned, r.toString());
            assertTrue(f.effectiveFlops() < f.flops(), r.toString());
            Path model = out.resolve("candidates").resolve(r.candidateId() + ".zip");
            Net saved = ModelStore.load(model).net();
            assertTrue(saved.isGraph());
            MaskSet masks = MaskSet.load(out.resolve("candidates").resolve(r.candidateId() + ".masks.json"));
            assertEquals(0, masks.violations(saved), "the saved graph holds its masks");
        }
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
    }

    @Test
    void neuronPruningOfAGraphRemovesUnitGroupsAndSavesTheShrunkGraph() throws IOException {
        Path spec = GraphNets.sweepSpec(tmp, "graphneuron", "neuron");
        Files.writeString(spec, Files.readString(spec).replace("criterion: [magnitude]", "criterion: [bn, l1]"));
        Path out = tmp.resolve("o2");
        SweepOutcome o = new SweepDriver(new LocalRunner(), s -> { }).run(spec, out, ResumeOptions.REUSE, false);
        assertEquals(4, o.all().size());
        assertTrue(o.all().stream().allMatch(ResultRow::ok), o.all().toString());
        for (ResultRow r : o.all()) {
            var f = r.measurements().footprint();
            // the residual stream d1+d2 (8 units) loses round(8·s): 4 at 50 %, 6 at 80 %; kept k units leave
            // d1 12·k + k, batch norm 4·k, d2 k·k + k, out 3·k + 3
            int k = 8 - (int) Math.round(8 * r.config().targetSparsity());
            assertEquals(13 * k + 4 * k + k * k + k + 3 * k + 3, f.shrunkParams(), r.toString());
            assertEquals(io.prunesweep.metric.TrainedForm.MASKED, r.measurements().trainedForm(),
                    "graphs fine-tune masked");
            Path dir = out.resolve("candidates");
            Net masked = ModelStore.load(dir.resolve(r.candidateId() + ".zip")).net();
            Net shrunk = ModelStore.load(dir.resolve(r.candidateId() + ".shrunk.zip")).net();
            assertTrue(shrunk.isGraph());
            assertEquals(f.shrunkParams(), shrunk.numParams());
            assertEquals(0, MaskSet.load(dir.resolve(r.candidateId() + ".masks.json")).violations(masked));
            var x = org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 16, 12);
            assertTrue(masked.output(x).equalsWithEps(shrunk.output(x), 1e-5), "shrunk ≡ masked");
        }
    }

    @Test
    void theBnCriterionOnAGraphWithoutBatchNormIsRefusedBeforeAnyCandidateRuns() throws IOException {
        Path spec = GraphNets.sweepSpec(tmp, "graphnobn", "neuron", false);
        Files.writeString(spec, Files.readString(spec).replace("criterion: [magnitude]", "criterion: [bn]"));
        SweepException e = org.junit.jupiter.api.Assertions.assertThrows(SweepException.class,
                () -> new SweepDriver(new LocalRunner(), s -> { }).run(spec, tmp.resolve("o3"), ResumeOptions.REUSE,
                        false));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("space.criterion = bn") && e.getMessage().contains("no batch norm"),
                e.getMessage());
        assertTrue(!Files.exists(tmp.resolve("o3").resolve("candidates"))
                || Files.list(tmp.resolve("o3").resolve("candidates")).findAny().isEmpty());
    }

    @Test
    void aTaylorSensitivityCellPrunesOneLayerOfTheGraph() {
        Path spec = GraphNets.sweepSpec(tmp, "graphcell", "element");
        PreparedSweep p = SweepSetup.prepare(SpecLoader.load(spec), spec, tmp.resolve("cell"), 1, line -> { });
        // nodes: d1, bn, relu, d2, add, out; d2 is node 3, its 64 weights pruned to half
        SensitivityJob.Task t = new SensitivityJob.Task(3, 0.5, "taylor-d2");
        SensitivityRow row = new SensitivityJob(p, "taylor", "element", 13L, 1).run(t, p.base().bytes());
        assertTrue(row.ok(), row.error());
        assertEquals("DenseLayer", row.type());
        assertEquals(72, row.params());
        assertEquals(32, row.nonzeroRemoved());
        assertEquals(64, row.flopsRemoved());
    }
}
