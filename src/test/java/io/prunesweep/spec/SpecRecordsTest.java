package io.prunesweep.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.prunesweep.metric.Metric;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The spec records validate themselves, naming field and value, and read every key they list. */
class SpecRecordsTest {

    private static String violation(Supplier<?> make) {
        return assertThrows(SpecViolation.class, make::get).getMessage();
    }

    @Test
    void recordsBuiltByHandNameTheFieldAndTheValue() {
        assertEquals("epochs = 0: must be >= 1", violation(() -> new ModelSpec(null, "mlp", 0, 1, 0.1)));
        assertEquals("zoo = vgg: unknown zoo model; allowed: mlp, cnn, resnet, mobilenet, inception",
                violation(() -> new ModelSpec(null, "vgg", 1, 1, 0.1)));
        assertEquals("path, zoo and keras are mutually exclusive; give exactly one",
                violation(() -> new ModelSpec("a.zip", "mlp", 1, 1, 0.1)));
        assertEquals("learningRate = Infinity: must be finite",
                violation(() -> new ModelSpec(null, "mlp", 1, 1, Double.POSITIVE_INFINITY)));
        assertEquals("trainLimit = -1: must be >= 0 (0 = all)",
                violation(() -> new DataSpec(null, null, null, null, null, null, 0, -1, 0, 0, null)));
        assertEquals("dir =  : must not be blank",
                violation(() -> new DataSpec(null, " ", null, null, null, null, 0, 0, 0, 0, null)));
        assertEquals("learningRate[1] = 0: must be > 0",
                violation(() -> new FineTuneSpace(List.of(1), List.of(0.1, 0.0), 8)));
        assertEquals("fineTuneEpochs[0] = -2: must be >= 0",
                violation(() -> new FineTuneSpace(List.of(-2), List.of(0.1), 8)));
        assertEquals("batchSize = 0: must be >= 1", violation(() -> new FineTuneSpace(List.of(1), List.of(0.1), 0)));
        assertEquals("sparsity[0] = 1: must be in [0, 1)", violation(() -> new TargetSpace(List.of(1.0))));
        assertEquals("sparsity = []: must list at least one value", violation(() -> new TargetSpace(List.of())));
        assertEquals("budget[1] = flops<=5: duplicate value (same as budget[0])", violation(() -> new TargetSpace(
                List.of(), List.of(new Budget(Metric.FLOPS, 5), new Budget(Metric.FLOPS, 5.0)))));
        assertEquals("rounds = 0: must be >= 1", violation(() -> new ScheduleSpace(List.of(ScheduleKind.ITERATIVE), 0)));
        assertEquals("maxLayerSparsity = 0: must be in (0, 1]", violation(() -> new Caps(false, 0)));
        assertEquals("ratios[1] = 1: must be in (0, 1)", violation(() -> new SensitivitySettings(List.of(0.5, 1.0),
                CriterionKind.L1, Granularity.NEURON)));
        assertEquals("granularity = nm: must be one of: element, neuron, channel", violation(() ->
                new SensitivitySettings(List.of(0.5), CriterionKind.L1, Granularity.NM)));
        assertEquals("samples = 3: only used with method random", violation(() -> new SearchSettings("grid", 3)));
        assertEquals("eta = 2: only used with method halving",
                violation(() -> new SearchSettings("random", 3, 0, 2, 0)));
        assertEquals("rungs = 21: must be in [1, 20]", violation(() -> SearchSettings.halving(21, 2, 1)));
        assertEquals("parallelism = -1: must be >= 0 (0 = Spark's default)", violation(() -> new SparkSettings(-1)));
        assertEquals("objectives[1] = val_accuracy: duplicate value (same as objectives[0])", violation(() ->
                new SweepSpec("t", 0, ModelSpec.ofZoo("mlp"), DataSpec.defaults(), CandidateTest.space(),
                        SearchSettings.grid(), List.of(Metric.VAL_ACCURACY, Metric.VAL_ACCURACY), null, null)));
        assertEquals("criterion[1] = l2: duplicate value (same as criterion[0])", violation(() -> new MethodSpace(
                List.of(CriterionKind.L2, CriterionKind.L2), List.of(Granularity.ELEMENT), List.of(Scope.LAYER))));
        assertEquals("sparsity = 1: must be in [0, 1)", violation(() -> CandidateTest.cfg(CriterionKind.L1,
                Granularity.ELEMENT, Scope.LAYER, 1.0, ScheduleKind.ONE_SHOT, 1, 0.001, 128, false, 0.99)));
    }

    @Test
    void aLoneScalarIsReportedAtItsKeyAndAListElementAtItsIndex() {
        String base = "name: t\nmodel: {zoo: mlp}\nspace: {criterion: l1, granularity: element, sparsity: %s}\n";
        SpecException scalar = assertThrows(SpecException.class, () -> SpecLoader.parse(base.formatted("1.5"), "f"));
        assertEquals("space.sparsity", scalar.keyPath());
        assertEquals("1.5", scalar.value());
        SpecException listed = assertThrows(SpecException.class,
                () -> SpecLoader.parse(base.formatted("[0.5, 1.50]"), "f"));
        assertEquals("f: space.sparsity[1] = 1.5: must be in [0, 1)", listed.getMessage());
        SpecException defaulted = assertThrows(SpecException.class, () -> SpecLoader.parse(
                "name: t\nmodel: {path: m.zip}\nspace: {criterion: l1, granularity: element, sparsity: 0.5}\n"
                        + "search: {method: halving, eta: 200, rungs: 3}\n", "f"));
        assertEquals("f: search: the last rung would run minEpochs*eta^(rungs-1) > 10000 epochs",
                defaulted.getMessage());
    }

    @Test
    void longTextIsKeptWholeAndIntegersOutOfRangeAreNamed() {
        String base = "name: t\nmodel: {zoo: mlp, epochs: %s}\nspace: {criterion: l1, granularity: element, "
                + "sparsity: 0.5}\nseed: %s\noutput: %s\n";
        String out = "o/" + "x".repeat(120);
        assertEquals(out, SpecLoader.parse(base.formatted(1, 1, out), "f").output());
        assertEquals(Long.MIN_VALUE, SpecLoader.parse(base.formatted(1, Long.MIN_VALUE, "o"), "f").seed());
        assertEquals("f: seed = 9223372036854775808: out of range for a 64-bit integer", assertThrows(
                SpecException.class, () -> SpecLoader.parse(base.formatted(1, "9223372036854775808", "o"), "f"))
                .getMessage());
        assertEquals("f: model.epochs = 2147483648: out of range for a 32-bit integer", assertThrows(
                SpecException.class, () -> SpecLoader.parse(base.formatted("2147483648", 1, "o"), "f"))
                .getMessage());
    }

    /** The keys {@link CommittedSpecIdsTest#EVERY_KEY} cannot give with its own (they exclude each other). */
    private static final String OTHER_KEYS = """
            name: other-keys
            model: {zoo: resnet, epochs: 4, widths: [4, 8, 16]}
            data: {dir: d, train: a, trainLabels: b, test: c, testLabels: e}
            space: {criterion: l1, granularity: element, sparsity: 0.5}
            search: {method: halving, rungs: 4, eta: 3, minEpochs: 2}
            """;

    /** The keys of a table dataset ({@code format: parquet}). */
    private static final String TABLE_KEYS = """
            name: table-keys
            model: {zoo: mlp}
            data: {format: parquet, path: t, features: pixels, label: y, order: id, shape: [1, 28, 28]}
            space: {criterion: l1, granularity: element, sparsity: 0.5}
            """;

    /** The model keys of a Keras model (keras excludes path and zoo). */
    private static final String KERAS_KEYS = """
            name: keras-keys
            model: {keras: m.h5, epochs: 2}
            space: {criterion: l1, granularity: element, sparsity: 0.5}
            """;

    /**
     * Removes each key of {@link CommittedSpecIdsTest#EVERY_KEY}, {@link #OTHER_KEYS}, {@link #TABLE_KEYS} and
     * {@link #KERAS_KEYS} in turn: the spec must
     * then fail or mean something else (another hash), else the key was listed but never read.
     */
    @Test
    void everyListedKeyIsRead() throws Exception {
        List<String> checked = new ArrayList<>();
        removeEachKey(CommittedSpecIdsTest.EVERY_KEY, checked);
        removeEachKey(OTHER_KEYS, checked);
        removeEachKey(TABLE_KEYS, checked);
        removeEachKey(KERAS_KEYS, checked);
        List<String> listed = new ArrayList<>(SweepSpec.KEYS);
        addAll(listed, "model", ModelSpec.KEYS);
        addAll(listed, "data", DataSpec.KEYS);
        addAll(listed, "space", SearchSpace.KEYS);
        addAll(listed, "search", SearchSettings.KEYS);
        addAll(listed, "sensitivity", SensitivitySettings.KEYS);
        addAll(listed, "spark", SparkSettings.KEYS);
        listed.removeAll(List.of("model", "data", "space", "search", "sensitivity", "spark"));
        assertEquals(listed.stream().sorted().toList(), checked.stream().distinct().sorted().toList(),
                "the two specs give every listed key");
    }

    private static void removeEachKey(String spec, List<String> checked) throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode full = (ObjectNode) yaml.readTree(spec);
        String hash = SpecLoader.parse(spec, "full").specHash();
        for (Iterator<String> top = full.fieldNames(); top.hasNext(); ) {
            String key = top.next();
            JsonNode value = full.get(key);
            List<String> subKeys = new ArrayList<>();
            if (value.isObject()) {
                value.fieldNames().forEachRemaining(subKeys::add);
            }
            for (String sub : subKeys.isEmpty() ? List.of("") : subKeys) {
                ObjectNode copy = full.deepCopy();
                if (sub.isEmpty()) {
                    copy.remove(key);
                } else {
                    ((ObjectNode) copy.get(key)).remove(sub);
                }
                String path = sub.isEmpty() ? key : key + "." + sub;
                String text = yaml.writeValueAsString(copy);
                try {
                    assertNotEquals(hash, SpecLoader.parse(text, path).specHash(), path + " is not read");
                } catch (SpecException e) {
                    // a required key, or one others depend on: removing it is refused, so it is read
                    assertTrue(e.getMessage().startsWith(path + ": "), e.getMessage());
                }
                if (!sub.isEmpty() || !value.isObject()) {
                    checked.add(path);
                }
            }
        }
    }

    private static void addAll(List<String> out, String section, List<String> keys) {
        keys.forEach(k -> out.add(section + "." + k));
    }
}
