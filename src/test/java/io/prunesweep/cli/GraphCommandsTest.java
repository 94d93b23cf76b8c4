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
        assertTrue(r.out().contains("channel=by unit groups"), r.out());
    }

    @Test
    void pruneFineTunesAGraphWithItsMaskHeldAtElementAndChannelGranularity(@TempDir Path dir) {
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

        Path small = dir.resolve("channel.zip");
        CliRun channel = run(concat(new String[] {"prune", "--model", zip.toString(), "--granularity", "channel",
            "--criterion", "bn", "--sparsity", "0.5", "--fine-tune-epochs", "1", "--out", small.toString()}, data));
        assertEquals(0, channel.code(), channel.out() + channel.err());
        assertTrue(channel.out().contains("mask held: 0 violations"), channel.out());
        // the residual stream's 4 channels lose 2: c1 2·9 + 2, batch norm 2·4, c2 2·2·9 + 2, out 2·10 + 10
        assertTrue(channel.out().matches("(?s).*shrunk params\\s+\\d+\\s+96\\b.*"), channel.out());
        assertEquals(96, ModelStore.load(dir.resolve("channel.shrunk.zip")).net().numParams());

        Path mlp = dir.resolve("mlp.zip");
        ModelStore.save(Net.of(GraphNets.residualMlp(3, false)), Optional.empty(), mlp);
        CliRun bn = run(concat(new String[] {"prune", "--model", mlp.toString(), "--granularity", "neuron",
            "--criterion", "bn", "--sparsity", "0.5"}, data));
        assertEquals(2, bn.code(), bn.out() + bn.err());
        assertTrue(bn.err().contains("no batch norm"), bn.err());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
