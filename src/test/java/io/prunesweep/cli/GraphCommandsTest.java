package io.prunesweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.model.ModelStore;
import io.prunesweep.model.Net;
import io.prunesweep.prune.MaskSet;
import io.prunesweep.testing.CliRun;
import io.prunesweep.testing.GraphNets;
import io.prunesweep.testing.Prerequisites;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inspect} and {@code prune} given a {@code ComputationGraph} zip, as a user runs them. */
class GraphCommandsTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void inspectListsTheGraphsLayersVerticesAndWhatIsPrunable(@TempDir Path dir) {
        Path zip = dir.resolve("graph.zip");
        ModelStore.save(Net.of(GraphNets.residualCnn(1)), Optional.empty(), zip);
        CliRun r = run("inspect", zip.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("219 parameters"), r.out());
        assertTrue(r.out().contains("layer c2 ConvolutionLayer"), r.out());
        assertTrue(r.out().contains("add ElementWiseVertex <- relu, c2"), r.out());
        assertTrue(r.out().contains("out OutputLayer <- pool (output)"), r.out());
        assertTrue(r.out().contains("channel=no: neuron and channel pruning of a ComputationGraph"), r.out());
    }

    @Test
    void pruneFineTunesAGraphWithItsMaskHeldAndRefusesChannelPruning(@TempDir Path dir) {
        Prerequisites.requireFashionMnist();
        Path zip = dir.resolve("graph.zip");
        ModelStore.save(Net.of(GraphNets.residualCnn(1, 28, 10)), Optional.empty(), zip);
        String[] data = {"--train-limit", "600", "--validation", "200", "--test-limit", "200"};
        Path pruned = dir.resolve("pruned.zip");
        CliRun r = run(concat(new String[] {"prune", "--model", zip.toString(), "--sparsity", "0.5", "--out",
            pruned.toString()}, data));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("mask held: 0 violations"), r.out());
        MaskSet masks = MaskSet.load(dir.resolve("pruned.masks.json"));
        Net back = ModelStore.load(pruned).net();
        assertTrue(back.isGraph());
        assertEquals(0, masks.violations(back), "the saved graph obeys its saved mask");

        CliRun channel = run(concat(new String[] {"prune", "--model", zip.toString(), "--granularity", "channel",
            "--sparsity", "0.5"}, data));
        assertEquals(2, channel.code(), channel.out() + channel.err());
        assertTrue(channel.err().contains("ComputationGraph"), channel.err());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
