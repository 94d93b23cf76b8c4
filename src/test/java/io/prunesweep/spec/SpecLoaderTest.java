package io.prunesweep.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.metric.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecLoaderTest {

    private static final String VALID = """
            name: quick
            seed: 42
            model:   {zoo: mlp, epochs: 2, batchSize: 128, learningRate: 0.001}
            data:    {format: idx, dir: /usr/share/datasets/fashion-mnist, validation: 2000, trainLimit: 6000, testLimit: 2000}
            space:
              criterion: [magnitude, l2]
              granularity: [element, neuron]
              scope: [layer]
              sparsity: [0.5, 0.9]
              schedule: [one-shot]
              fineTuneEpochs: [1]
              learningRate: [0.001]
              batchSize: 128
              pruneOutputLayer: false
              maxLayerSparsity: 0.99
            search:  {method: grid}
            objectives: [val_accuracy, nonzero_params]
            spark:   {parallelism: 2}
            output: target/sweeps/quick
            """;

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path f = dir.resolve("x.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private SweepSpec load(String yaml) throws IOException {
        return SpecLoader.load(write(yaml));
    }

    /** VALID with one fragment replaced; fails loudly if the fragment is absent so no case is vacuous. */
    private static String with(String fragment, String replacement) {
        assertTrue(VALID.contains(fragment), fragment);
        return VALID.replace(fragment, replacement);
    }

    private SpecException fails(String yaml) throws IOException {
        Path f = write(yaml);
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(f));
        assertEquals(f.toString(), e.file());
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertEquals(2, e.exitCode());
        return e;
    }

    private String message(String yaml) throws IOException {
        SpecException e = fails(yaml);
        return e.getMessage().substring(e.file().length() + 2);
    }

    @Test
    void graphZooWidthsAreReadAndEnterTheSpecIdOnlyWhenGiven() throws IOException {
        SweepSpec plain = load(with("zoo: mlp", "zoo: resnet"));
        SweepSpec wide = load(with("zoo: mlp", "zoo: resnet, widths: [4, 8, 16]"));
        assertEquals(List.of(), plain.model().widths());
        assertEquals(List.of(4, 8, 16), wide.model().widths());
        assertEquals(new ModelSpec(null, "resnet", 2, 128, 0.001, null, List.of(4, 8, 16)), wide.model());
        assertNotEquals(plain.specHash(), wide.specHash());
        assertEquals("resnet", plain.model().zooBaseName());
        assertEquals("resnet-4x8x16", wide.model().zooBaseName());
    }

    @Test
    void validSpecLoadsIntoTheExpectedRecords() throws IOException {
        SweepSpec s = load(VALID);
        assertEquals("quick", s.name());
        assertEquals(42L, s.seed());
        assertEquals(new ModelSpec(null, "mlp", 2, 128, 0.001), s.model());
        assertEquals(new DataSpec("idx", "/usr/share/datasets/fashion-mnist", null, null, null, null, 2000, 6000, 2000, 0,
                null), s.data());
        assertEquals(new SearchSpace(new MethodSpace(List.of(CriterionKind.MAGNITUDE, CriterionKind.L2),
                List.of(Granularity.ELEMENT, Granularity.NEURON), List.of(Scope.LAYER)),
                new TargetSpace(List.of(0.5, 0.9)), new ScheduleSpace(List.of(ScheduleKind.ONE_SHOT)),
                new FineTuneSpace(List.of(1), List.of(0.001), 128), new Caps(false, 0.99)), s.space());
        assertEquals(SearchSettings.grid(), s.search());
        assertEquals(List.of(Metric.VAL_ACCURACY, Metric.NONZERO_PARAMS), s.objectives());
        assertEquals(new SparkSettings(2), s.spark());
        assertEquals("target/sweeps/quick", s.output());
        assertEquals(8, s.candidates().size());
        assertEquals(8, s.space().size());
    }

    @Test
    void schedulesRoundsAndPatterns() throws IOException {
        SweepSpec s = load(with("schedule: [one-shot]", "schedule: [one-shot, iterative, gradual, lottery, lottery-reinit]\n"
                + "  rounds: 4\n  nm: \"1:4\"\n  block: \"2x2\"").replace("granularity: [element, neuron]",
                "granularity: [element, nm, block]"));
        assertEquals(4, s.space().schedule().rounds());
        assertEquals(new NmPattern(1, 4), s.space().method().nm());
        assertEquals(new BlockShape(2, 2), s.space().method().block());
        assertEquals(List.of(ScheduleKind.values()), s.space().schedule().schedules());
        // element and block: 2 criteria x 2 sparsities x 5 schedules each; nm: 2 criteria x 5 schedules
        assertEquals(2 * (2 + 2 + 1) * 5, s.candidates().size());
        assertTrue(s.candidates().stream().allMatch(c -> c.schedule().rounds() == (c.schedule().kind().usesRounds() ? 4 : 1)));
        SweepSpec d = load(VALID);
        assertEquals(3, d.space().schedule().rounds());
        assertEquals(NmPattern.DEFAULT, d.space().method().nm());
        assertEquals(BlockShape.DEFAULT, d.space().method().block());
        assertEquals("space.nm = 4:2: N:M needs N < M, found 4:2 (quote it: nm: \"2:4\")",
                message(with("schedule: [one-shot]", "schedule: [one-shot]\n  nm: \"4:2\"")));
        assertEquals("space.block = 4x0: block sizes must be >= 1, found 4x0",
                message(with("schedule: [one-shot]", "schedule: [one-shot]\n  block: 4x0")));
        assertEquals("space.rounds = 0: must be >= 1",
                message(with("schedule: [one-shot]", "schedule: [one-shot]\n  rounds: 0")));
    }

    @Test
    void randomSearchAndPathModel() throws IOException {
        SweepSpec s = load(with("search:  {method: grid}", "search:  {method: random, samples: 3}")
                .replace("{zoo: mlp, epochs: 2, batchSize: 128, learningRate: 0.001}", "{path: models/base.zip}"));
        assertEquals(SearchSettings.random(3), s.search());
        assertEquals(3, s.candidates().size());
        assertEquals(ModelSpec.ofPath("models/base.zip"), s.model());
    }

    @Test
    void minimalSpecUsesDefaults() throws IOException {
        SweepSpec s = load("""
                name: tiny
                model: {zoo: cnn}
                space: {criterion: l1, granularity: channel, sparsity: 0.5}
                """);
        assertEquals(ModelSpec.ofZoo("cnn"), s.model());
        assertEquals(DataSpec.defaults(), s.data());
        assertEquals(DataSpec.DEFAULT_IDX_DIR, s.data().dir());
        assertEquals(5000, s.data().validation());
        assertEquals(SearchSettings.grid(), s.search());
        assertEquals(List.of(Metric.VAL_ACCURACY, Metric.NONZERO_PARAMS), s.objectives());
        assertEquals(List.of(CandidateTest.cfg(CriterionKind.L1, Granularity.CHANNEL, Scope.LAYER, 0.5,
                ScheduleKind.ONE_SHOT, 1, 0.001, 128, false, 0.99)), s.candidates());
        assertEquals("target/sweeps/tiny", s.output());
    }

    @Test
    void scalarWhereListExpectedIsAOneElementList() throws IOException {
        SweepSpec s = load(with("sparsity: [0.5, 0.9]", "sparsity: 0.7").replace("objectives: [val_accuracy, nonzero_params]",
                "objectives: flops"));
        assertEquals(List.of(0.7), s.space().target().sparsities());
        assertEquals(List.of(Metric.FLOPS), s.objectives());
    }

    @Test
    void specHashIgnoresLayoutButNotContent() throws IOException {
        String hash = load(VALID).specHash();
        String relaid = "# a comment\n" + with("sparsity: [0.5, 0.9]", "sparsity:\n    - 0.50\n    - 0.9");
        assertEquals(hash, load(relaid).specHash());
        assertNotEquals(hash, load(with("seed: 42", "seed: 43")).specHash());
    }

    @Test
    void missingFile() {
        Path f = dir.resolve("nope.yaml");
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(f));
        assertEquals(f + ": spec file not found", e.getMessage());
        assertNull(e.keyPath());
    }

    @Test
    void yamlSyntaxErrorReportsLineAndColumn() throws IOException {
        String m = message("name: quick\nmodel: {zoo: mlp\nspace: [\n");
        assertTrue(m.matches("line \\d+, column \\d+: invalid YAML: (?s).*"), m);
    }

    @Test
    void duplicateYamlKeyIsAnError() throws IOException {
        String m = message(VALID + "seed: 7\n");
        assertTrue(m.contains("invalid YAML") && m.contains("seed"), m);
    }

    @Test
    void unknownKeysAreNamedWithTheAllowedKeys() throws IOException {
        assertEquals("seeds: unknown key; allowed at top level: name, seed, model, data, space, search, objectives, "
                + "spark, output, sensitivity", message(with("seed: 42", "seeds: 42")));
        assertEquals("model.epoch: unknown key; allowed in model: path, zoo, epochs, batchSize, learningRate, keras, widths",
                message(with("epochs: 2,", "epoch: 2,")));
        assertEquals("space.sparsities: unknown key; allowed in space: criterion, granularity, scope, sparsity, "
                + "schedule, fineTuneEpochs, learningRate, batchSize, pruneOutputLayer, maxLayerSparsity, rounds, nm, block, "
                + "budget",
                message(with("sparsity: [0.5, 0.9]", "sparsities: [0.5, 0.9]")));
        assertTrue(message(with("{parallelism: 2}", "{parallelism: 2, cores: 4}"))
                .startsWith("spark.cores: unknown key; allowed in spark: parallelism"));
    }

    @Test
    void wrongTypes() throws IOException {
        assertEquals("data.validation = lots: expected an integer, got a string",
                message(with("validation: 2000", "validation: lots")));
        assertEquals("space.sparsity[1] = 0.9: expected a number, got a string",
                message(with("sparsity: [0.5, 0.9]", "sparsity: [0.5, '0.9']")));
        assertEquals("model.epochs = 2.5: expected an integer, got a number",
                message(with("epochs: 2,", "epochs: 2.5,")));
        assertEquals("space.pruneOutputLayer = 0: expected true or false, got a number",
                message(with("pruneOutputLayer: false", "pruneOutputLayer: 0")));
        assertEquals("model = mlp: expected a mapping with keys: path, zoo, epochs, batchSize, learningRate, keras, widths; got a string",
                message(with("{zoo: mlp, epochs: 2, batchSize: 128, learningRate: 0.001}", "mlp")));
        assertTrue(message(with("criterion: [magnitude, l2]", "criterion: {a: 1}"))
                .startsWith("space.criterion = {\"a\":1}: expected a list"));
    }

    @Test
    void misspelledEnumValueListsAllowedValues() throws IOException {
        SpecException e = fails(with("criterion: [magnitude, l2]", "criterion: [magnitud, l2]"));
        assertEquals("space.criterion[0] = magnitud: unknown criterion; allowed: magnitude, random, l1, l2, taylor, bn",
                e.getMessage().substring(e.file().length() + 2));
        assertEquals("space.criterion[0]", e.keyPath());
        assertEquals("magnitud", e.value());
        assertEquals("space.granularity[1] = neurons: unknown granularity; allowed: element, neuron, channel, nm, block",
                message(with("granularity: [element, neuron]", "granularity: [element, neurons]")));
        assertEquals("space.schedule[0] = oneshot: unknown schedule; allowed: one-shot, iterative, gradual, lottery, lottery-reinit",
                message(with("schedule: [one-shot]", "schedule: [oneshot]")));
        assertEquals("objectives[1] = params: unknown objective; allowed: val_accuracy, nonzero_params, sparse_bytes, "
                + "flops, latency_ms", message(with("[val_accuracy, nonzero_params]", "[val_accuracy, params]")));
        assertEquals("model.zoo = vgg: unknown zoo model; allowed: mlp, cnn, resnet, mobilenet, inception", message(with("zoo: mlp", "zoo: vgg")));
        assertEquals("model.widths = [8,16]: only the graph zoo models (resnet, mobilenet, inception) take widths",
                message(with("zoo: mlp", "zoo: mlp, widths: [8, 16]")));
        assertEquals("data.format = orc: unknown data format; allowed: idx, csv, libsvm, parquet",
                message(with("format: idx", "format: orc")));
        assertEquals("search.method = bayes: unknown search method; allowed: grid, random, halving",
                message(with("{method: grid}", "{method: bayes}")));
    }

    @Test
    void outOfRangeNumbers() throws IOException {
        assertEquals("space.sparsity[1] = 1.5: must be in [0, 1)", message(with("[0.5, 0.9]", "[0.5, 1.5]")));
        assertEquals("space.sparsity[0] = -0.1: must be in [0, 1)", message(with("[0.5, 0.9]", "[-0.1, 0.9]")));
        assertEquals("space.fineTuneEpochs[0] = -1: must be >= 0", message(with("fineTuneEpochs: [1]", "fineTuneEpochs: [-1]")));
        assertEquals("model.epochs = 0: must be >= 1", message(with("epochs: 2,", "epochs: 0,")));
        assertEquals("space.learningRate[0] = 0: must be > 0", message(with("learningRate: [0.001]", "learningRate: [0]")));
        assertEquals("space.maxLayerSparsity = 1.5: must be in (0, 1]", message(with("maxLayerSparsity: 0.99", "maxLayerSparsity: 1.5")));
        assertEquals("data.validation = -1: must be >= 0", message(with("validation: 2000", "validation: -1")));
        assertEquals("spark.parallelism = -2: must be >= 0 (0 = Spark's default)",
                message(with("{parallelism: 2}", "{parallelism: -2}")));
        assertEquals("name = my sweep: must match [A-Za-z0-9._-]+", message(with("name: quick", "name: my sweep")));
    }

    @Test
    void emptyAndDuplicateLists() throws IOException {
        assertEquals("space.criterion = []: must list at least one value",
                message(with("criterion: [magnitude, l2]", "criterion: []")));
        assertEquals("space.sparsity[1] = 0.5: duplicate value (same as space.sparsity[0])",
                message(with("[0.5, 0.9]", "[0.5, 0.50]")));
        assertEquals("space.criterion[1] = magnitude: duplicate value (same as space.criterion[0])",
                message(with("[magnitude, l2]", "[magnitude, magnitude]")));
    }

    @Test
    void missingRequiredKeys() throws IOException {
        assertEquals("model: missing required key",
                message(with("model:   {zoo: mlp, epochs: 2, batchSize: 128, learningRate: 0.001}\n", "")));
        assertEquals("name: missing required key", message(with("name: quick\n", "")));
        assertEquals("space.sparsity: missing required key", message(with("  sparsity: [0.5, 0.9]\n", "")));
        assertTrue(message("").startsWith("empty spec"));
    }

    @Test
    void modelNeedsExactlyOneOfPathAndZoo() throws IOException {
        assertEquals("model: path, zoo and keras are mutually exclusive; give exactly one",
                message(with("{zoo: mlp,", "{path: m.zip, zoo: mlp,")));
        assertEquals("model: give exactly one of path (a saved model), zoo (mlp, cnn, resnet, mobilenet, inception) or keras (a Keras .h5 model)",
                message(with("{zoo: mlp, epochs: 2,", "{epochs: 2,")));
    }

    @Test
    void randomSearchNeedsAtLeastOneSample() throws IOException {
        assertEquals("search.samples = 0: must be >= 1 with method random",
                message(with("{method: grid}", "{method: random, samples: 0}")));
        assertEquals("search.samples: required with method random", message(with("{method: grid}", "{method: random}")));
        assertEquals("search.samples = 4: only used with method random",
                message(with("{method: grid}", "{method: grid, samples: 4}")));
    }

    @Test
    void crossFieldRulesAreReportedAgainstTheirSection() throws IOException {
        SpecException e = fails(with("{format: idx, dir: /usr/share/datasets/fashion-mnist,", "{format: csv,"));
        assertEquals("data", e.keyPath());
        assertTrue(e.reason().contains("needs dir or train"), e.getMessage());
    }
}
