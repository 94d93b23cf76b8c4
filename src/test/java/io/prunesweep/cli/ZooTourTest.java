package io.prunesweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.data.DataCache;
import io.prunesweep.data.DataSource;
import io.prunesweep.data.DataSplits;
import io.prunesweep.eval.SizeMetrics;
import io.prunesweep.model.GraphZoo;
import io.prunesweep.model.ModelStore;
import io.prunesweep.model.Net;
import io.prunesweep.prune.MaskSet;
import io.prunesweep.prune.Pruner;
import io.prunesweep.spec.Granularity;
import io.prunesweep.sweep.SweepSetup;
import io.prunesweep.testing.CliRun;
import io.prunesweep.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every zoo model as a user meets it (issue 11, "Tests"): trained briefly on a real Fashion-MNIST slice and saved,
 * then {@code prunesweep inspect} on the zip, {@code prunesweep prune} one-shot at neuron (mlp) or channel
 * granularity with a one-epoch fine-tune, and the shrunk zip the command wrote loaded back: it has the parameter
 * count the command printed and computes what the masked model computes on real images. The graph zoo models run
 * at narrow widths (the couplings are the defaults', the run costs less) and with the batch-norm criterion too;
 * global scope runs on the mlp, the resnet and the mobilenet.
 */
class ZooTourTest {
    /** What the data options below select: 256 training, 64 validation and 64 test images, split seed 42. */
    private static final String[] DATA = {"--train-limit", "256", "--validation", "64", "--test-limit", "64"};
    private static final Map<String, List<Integer>> WIDTHS = Map.of(
            "mlp", List.of(), "cnn", List.of(),
            "resnet", List.of(4, 6, 8), "mobilenet", List.of(4, 6, 8), "inception", List.of(4, 3, 4, 2));
    private static final Map<String, Path> BASES = new HashMap<>();

    @TempDir
    static Path dir;

    private static DataSplits splits;

    /**
     * One prune command of the tour.
     *
     * @param zoo         zoo model name
     * @param granularity neuron or channel
     * @param criterion   criterion id
     * @param scope       layer or global
     */
    record Tour(String zoo, String granularity, String criterion, String scope) {
        @Override
        public String toString() {
            return zoo + " " + granularity + " " + criterion + " " + scope;
        }
    }

    static Stream<Tour> tours() {
        return Stream.of(
                new Tour("mlp", "neuron", "magnitude", "layer"),
                new Tour("mlp", "neuron", "l1", "global"),
                new Tour("cnn", "channel", "l2", "layer"),
                new Tour("resnet", "channel", "l1", "global"),
                new Tour("resnet", "channel", "bn", "layer"),
                new Tour("mobilenet", "channel", "magnitude", "layer"),
                new Tour("mobilenet", "channel", "bn", "global"),
                new Tour("inception", "channel", "taylor", "layer"),
                new Tour("inception", "channel", "bn", "layer"));
    }

    @BeforeAll
    static void data() {
        Prerequisites.requireFashionMnist();
        // the split the commands read through their data options: the same cache entry
        splits = DataCache.get(DataSource.idxDir(DataSource.FASHION_MNIST_DIR, 64, 42).withLimits(256, 64));
    }

    /** The zoo model trained one epoch on the slice (so batch-norm scales and statistics are not the initial ones). */
    private static synchronized Path base(String zoo) {
        return BASES.computeIfAbsent(zoo, z -> {
            var t = SweepSetup.train(z, WIDTHS.get(z), 1, 64, 0.005, 7, splits, line -> { });
            Path zip = dir.resolve(z + ".zip");
            ModelStore.save(t.net(), Optional.of(t.sidecar()), zip);
            return zip;
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tours")
    void everyZooModelGoesThroughInspectAOneShotPruneSurgeryAndAShortFineTune(Tour t) throws Exception {
        Path zip = base(t.zoo());
        Net base = ModelStore.load(zip).net();
        boolean graph = GraphZoo.NAMES.contains(t.zoo());
        assertEquals(graph, base.isGraph(), t.zoo());
        Granularity g = Granularity.parse(t.granularity());
        assertEquals(graph, Pruner.byGroups(base, g), "the graphs are pruned by unit groups, mlp and cnn by layer");

        CliRun inspect = CliRun.of("inspect", zip.toString());
        assertEquals(0, inspect.code(), inspect.err());
        String text = inspect.out();
        assertTrue(text.contains("unit groups (units removed together"), text);
        Matcher m = Pattern.compile("(\\d+) groups, (\\d+) of (\\d+) units prunable").matcher(text);
        assertTrue(m.find(), text);
        int prunable = Integer.parseInt(m.group(2));
        assertTrue(prunable > 0 && prunable < Integer.parseInt(m.group(3)), m.group());
        assertTrue(Pattern.compile("group \\d+ '[^']+': \\d+ units, prunable").matcher(text).find(), text);
        assertTrue(text.contains("NOT prunable: network output layer"), text);
        assertTrue(text.contains(graph ? "channel=by unit groups" : t.granularity() + "=yes"), text);

        String stem = t.toString().replace(' ', '-');
        Path out = dir.resolve(stem + ".zip");
        CliRun prune = CliRun.of(concat(new String[] {"prune", "--model", zip.toString(), "--granularity",
            t.granularity(), "--criterion", t.criterion(), "--scope", t.scope(), "--sparsity", "0.5",
            "--fine-tune-epochs", "1", "--batch-size", "64", "--out", out.toString()}, DATA));
        assertEquals(0, prune.code(), prune.out() + prune.err());
        String said = prune.out();
        assertTrue(said.contains(t.criterion() + " " + t.granularity() + " " + t.scope() + " pruning to 50%"), said);
        assertTrue(said.contains("fine-tuned 1 epoch(s)"), said);
        assertTrue(said.contains("(mask held: 0 violations)"), said);
        Matcher sp = Pattern.compile("shrunk params\\s+(\\d+)\\s+(\\d+)").matcher(said);
        assertTrue(sp.find(), said);
        long full = Long.parseLong(sp.group(1));
        long small = Long.parseLong(sp.group(2));
        assertTrue(small < full, sp.group());

        Path shrunkZip = dir.resolve(stem + ".shrunk.zip");
        assertTrue(Files.isRegularFile(shrunkZip), "prune --out writes the shrunk model beside the masked one");
        Net masked = ModelStore.load(out).net();
        Net shrunk = ModelStore.load(shrunkZip).net();
        MaskSet masks = MaskSet.load(dir.resolve(stem + ".masks.json"));
        assertEquals(0, masks.violations(masked), "the saved model obeys its saved mask");
        assertEquals(full, masked.numParams());
        assertEquals(small, shrunk.numParams(), "the shrunk zip is the model whose size prune printed");
        assertEquals(graph, shrunk.isGraph());
        assertTrue(SizeMetrics.of(masked).nonzeroParams() < SizeMetrics.of(base).nonzeroParams());

        // fine-tuning moved the surviving weights: the result is not the base model with the mask applied
        Net prunedOnly = base.copy();
        masks.applyTo(prunedOnly);
        assertFalse(prunedOnly.params().equalsWithEps(masked.params(), 1e-6), "the masked model was fine-tuned");

        INDArray x = splits.test().head(64).toDataSet().getFeatures();
        INDArray want = masked.output(x);
        INDArray got = shrunk.output(x);
        double diff = want.sub(got).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-5, "shrunk ≡ masked on 64 real test images, max |difference| " + diff);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
