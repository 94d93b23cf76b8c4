package io.prunesweep.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.prunesweep.metric.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads a {@link SweepSpec} from a YAML file.
 *
 * <p>The YAML is read into a tree and the records are built by hand rather than data-bound, so
 * that every problem is reported as a {@link SpecException} naming the file, the key path and the
 * value. Unknown keys are errors at every level (a misspelled key would otherwise silently fall
 * back to a default). A scalar where a list is expected is read as a one-element list.
 *
 * <p>Required keys: {@code name}, {@code model}, {@code space} and, in {@code space},
 * {@code criterion}, {@code granularity} and {@code sparsity}. Defaults: {@code seed} 0,
 * {@code data} Fashion-MNIST idx, {@code search} grid, {@code objectives}
 * [val_accuracy, nonzero_params], {@code spark.parallelism} 0, {@code output}
 * target/sweeps/&lt;name&gt;; in {@code model}: epochs 3, batchSize 128, learningRate 0.001; in
 * {@code space}: scope [layer], schedule [one-shot], fineTuneEpochs [1], learningRate [0.001],
 * batchSize 128, pruneOutputLayer false, maxLayerSparsity 0.99, rounds 3, nm "2:4", block "4x1" (rounds,
 * nm and block are scalars: rounds applies to the iterative and lottery schedules, nm and block to
 * those granularities; for nm the sparsity list is ignored, the pattern implies 1 − N/M). A key given as {@code null} counts
 * as absent. Relative paths are kept as written.
 *
 * <p>Optional: {@code space.budget} (a list of {@code METRIC<=NUMBER}; with it {@code space.sparsity} may be
 * omitted), the top-level {@code sensitivity} section (ratios [0.25, 0.5, 0.75, 0.9, 0.95], criterion magnitude,
 * granularity element) and {@code search: {method: halving, rungs: 3, eta: 2, minEpochs: 1}} (those defaults;
 * {@code space.fineTuneEpochs} is then rejected, the rungs set the epochs).
 */
public final class SpecLoader {

    private static final List<String> TOP_KEYS =
            List.of("name", "seed", "model", "data", "space", "search", "objectives", "spark", "output",
                    "sensitivity");
    private static final List<String> MODEL_KEYS = List.of("path", "zoo", "epochs", "batchSize", "learningRate");
    private static final List<String> DATA_KEYS = List.of("format", "dir", "train", "trainLabels", "test",
            "testLabels", "validation", "trainLimit", "testLimit", "labelColumn", "header");
    private static final List<String> SPACE_KEYS = List.of("criterion", "granularity", "scope", "sparsity",
            "schedule", "fineTuneEpochs", "learningRate", "batchSize", "pruneOutputLayer", "maxLayerSparsity", "rounds", "nm", "block",
            "budget");
    private static final List<String> SEARCH_KEYS = List.of("method", "samples", "rungs", "eta", "minEpochs");
    private static final List<String> SENSITIVITY_KEYS = List.of("ratios", "criterion", "granularity");
    private static final List<String> SPARK_KEYS = List.of("parallelism");

    private static final int DEFAULT_FINE_TUNE_EPOCHS = 1;
    private static final double DEFAULT_FINE_TUNE_LEARNING_RATE = 0.001;
    private static final int DEFAULT_FINE_TUNE_BATCH_SIZE = 128;
    private static final double DEFAULT_MAX_LAYER_SPARSITY = 0.99;

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            // Jackson would otherwise keep the last of two equal keys and hide the first.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final String file;

    private SpecLoader(String file) {
        this.file = file;
    }

    /**
     * Loads and validates a sweep spec.
     *
     * @throws SpecException for a missing or unreadable file, invalid YAML, or an invalid spec
     */
    public static SweepSpec load(Path file) {
        String name = file.toString();
        if (!Files.exists(file)) {
            throw new SpecException(name, null, null, "spec file not found");
        }
        if (!Files.isRegularFile(file)) {
            throw new SpecException(name, null, null, "not a regular file");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new SpecException(name, null, null, "cannot read spec file: " + e, e);
        }
        return parse(text, name);
    }

    /**
     * Parses a sweep spec from YAML text; {@code source} names it in error messages.
     *
     * @throws SpecException for invalid YAML or an invalid spec
     */
    public static SweepSpec parse(String yaml, String source) {
        SpecLoader loader = new SpecLoader(source);
        JsonNode root;
        try {
            root = MAPPER.readTree(yaml);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
            throw new SpecException(source, null, null, where + "invalid YAML: " + String.valueOf(e.getOriginalMessage()).strip(), e);
        }
        return loader.sweep(root);
    }

    private SweepSpec sweep(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new SpecException(file, null, null, "empty spec; expected a mapping with keys: " + String.join(", ", TOP_KEYS));
        }
        mapping(root, "", TOP_KEYS);
        JsonNode nameNode = required(root, "", "name");
        String name = string(nameNode, "name");
        if (!SweepSpec.NAME.matcher(name).matches()) {
            throw error("name", nameNode, "must match " + SweepSpec.NAME.pattern());
        }
        JsonNode seedNode = optional(root, "seed");
        long seed = seedNode == null ? 0L : longValue(seedNode, "seed");
        ModelSpec model = model(required(root, "", "model"));
        JsonNode dataNode = optional(root, "data");
        DataSpec data = dataNode == null ? DataSpec.defaults() : data(dataNode);
        JsonNode spaceNode = required(root, "", "space");
        SearchSpace space = space(spaceNode);
        JsonNode searchNode = optional(root, "search");
        SearchSettings search = searchNode == null ? SearchSettings.grid() : search(searchNode);
        JsonNode epochsNode = optional(spaceNode, "fineTuneEpochs");
        if (search.halving() && epochsNode != null) {
            throw error("space.fineTuneEpochs", epochsNode, "not used with search.method halving (rung r fine-tunes "
                    + "search.minEpochs * eta^r epochs); remove it");
        }
        JsonNode sensNode = optional(root, "sensitivity");
        SensitivitySettings sensitivity = sensNode == null ? null : sensitivity(sensNode);
        JsonNode objNode = optional(root, "objectives");
        List<Metric> objectives = objNode == null ? null : objectives(objNode);
        JsonNode sparkNode = optional(root, "spark");
        SparkSettings spark = sparkNode == null ? null : spark(sparkNode);
        JsonNode outNode = optional(root, "output");
        String output = outNode == null ? null : nonBlank(outNode, "output");
        return build("", () -> new SweepSpec(name, seed, model, data, space, search, objectives, spark, output,
                sensitivity));
    }

    private ModelSpec model(JsonNode node) {
        mapping(node, "model", MODEL_KEYS);
        JsonNode pathNode = optional(node, "path");
        JsonNode zooNode = optional(node, "zoo");
        if (pathNode != null && zooNode != null) {
            throw error("model", null, "path and zoo are mutually exclusive; give exactly one");
        }
        if (pathNode == null && zooNode == null) {
            throw error("model", null, "give exactly one of path (a saved model) or zoo (" + String.join(", ", ModelSpec.ZOO_MODELS) + ")");
        }
        String path = pathNode == null ? null : nonBlank(pathNode, "model.path");
        String zoo = null;
        if (zooNode != null) {
            zoo = string(zooNode, "model.zoo");
            if (!ModelSpec.ZOO_MODELS.contains(zoo)) {
                throw error("model.zoo", zooNode, "unknown zoo model; allowed: " + String.join(", ", ModelSpec.ZOO_MODELS));
            }
        }
        int minEpochs = zoo != null ? 1 : 0;
        int epochs = intIn(node, "model", "epochs", ModelSpec.DEFAULT_EPOCHS, e -> e >= minEpochs, "must be >= " + minEpochs);
        int batch = intIn(node, "model", "batchSize", ModelSpec.DEFAULT_BATCH_SIZE, b -> b >= 1, "must be >= 1");
        double lr = positive(node, "model", "learningRate", ModelSpec.DEFAULT_LEARNING_RATE);
        String z = zoo;
        return build("model", () -> new ModelSpec(path, z, epochs, batch, lr));
    }

    private DataSpec data(JsonNode node) {
        mapping(node, "data", DATA_KEYS);
        JsonNode formatNode = optional(node, "format");
        String format = null;
        if (formatNode != null) {
            format = string(formatNode, "data.format");
            if (!DataSpec.FORMATS.contains(format)) {
                throw error("data.format", formatNode, "unknown data format; allowed: " + String.join(", ", DataSpec.FORMATS));
            }
        }
        String dir = optionalPath(node, "data", "dir");
        String train = optionalPath(node, "data", "train");
        String trainLabels = optionalPath(node, "data", "trainLabels");
        String test = optionalPath(node, "data", "test");
        String testLabels = optionalPath(node, "data", "testLabels");
        int validation = intIn(node, "data", "validation", DataSpec.DEFAULT_VALIDATION, v -> v >= 0, "must be >= 0");
        int trainLimit = intIn(node, "data", "trainLimit", 0, v -> v >= 0, "must be >= 0 (0 = all)");
        int testLimit = intIn(node, "data", "testLimit", 0, v -> v >= 0, "must be >= 0 (0 = all)");
        int labelColumn = intIn(node, "data", "labelColumn", 0, v -> v >= 0, "must be >= 0");
        JsonNode headerNode = optional(node, "header");
        Boolean header = headerNode == null ? null : bool(headerNode, "data.header");
        String f = format;
        return build("data", () -> new DataSpec(f, dir, train, trainLabels, test, testLabels, validation,
                trainLimit, testLimit, labelColumn, header));
    }

    private SearchSpace space(JsonNode node) {
        mapping(node, "space", SPACE_KEYS);
        List<CriterionKind> criteria = enumList(node, "criterion", null, CriterionKind.values(), CriterionKind::id);
        List<Granularity> granularities = enumList(node, "granularity", null, Granularity.values(), Granularity::id);
        List<Scope> scopes = enumList(node, "scope", List.of(Scope.LAYER), Scope.values(), Scope::id);
        List<Budget> budgets = list(node, "space", "budget", List.of(), (n, p) -> {
            if (!n.isTextual()) {
                throw error(p, n, "expected a string like \"nonzero_params<=25000\", got " + kind(n));
            }
            try {
                return Budget.parse(n.asText());
            } catch (IllegalArgumentException e) {
                throw error(p, n, e.getMessage());
            }
        });
        List<Double> sparsities = list(node, "space", "sparsity", budgets.isEmpty() ? null : List.of(), (n, p) -> {
            double s = number(n, p);
            if (!(s >= 0 && s < 1)) {
                throw error(p, n, "must be in [0, 1)");
            }
            return s;
        });
        List<ScheduleKind> schedules =
                enumList(node, "schedule", List.of(ScheduleKind.ONE_SHOT), ScheduleKind.values(), ScheduleKind::id);
        List<Integer> epochs = list(node, "space", "fineTuneEpochs", List.of(DEFAULT_FINE_TUNE_EPOCHS), (n, p) -> {
            int e = intValue(n, p);
            if (e < 0) {
                throw error(p, n, "must be >= 0");
            }
            return e;
        });
        List<Double> lrs = list(node, "space", "learningRate", List.of(DEFAULT_FINE_TUNE_LEARNING_RATE), (n, p) -> {
            double lr = number(n, p);
            if (!(lr > 0)) {
                throw error(p, n, "must be > 0");
            }
            return lr;
        });
        int batch = intIn(node, "space", "batchSize", DEFAULT_FINE_TUNE_BATCH_SIZE, b -> b >= 1, "must be >= 1");
        JsonNode pruneNode = optional(node, "pruneOutputLayer");
        boolean pruneOutput = pruneNode != null && bool(pruneNode, "space.pruneOutputLayer");
        JsonNode capNode = optional(node, "maxLayerSparsity");
        double cap = DEFAULT_MAX_LAYER_SPARSITY;
        if (capNode != null) {
            cap = number(capNode, "space.maxLayerSparsity");
            if (!(cap > 0 && cap <= 1)) {
                throw error("space.maxLayerSparsity", capNode, "must be in (0, 1]");
            }
        }
        double c = cap;
        int rounds = intIn(node, "space", "rounds", SearchSpace.DEFAULT_ROUNDS, r -> r >= 1, "must be >= 1");
        JsonNode nmNode = optional(node, "nm");
        NmPattern nm = NmPattern.DEFAULT;
        if (nmNode != null) {
            try {
                nm = NmPattern.parse(string(nmNode, "space.nm"));
            } catch (IllegalArgumentException e) {
                throw error("space.nm", nmNode, e.getMessage() + " (quote it: nm: \"2:4\")");
            }
        }
        JsonNode blockNode = optional(node, "block");
        BlockShape block = BlockShape.DEFAULT;
        if (blockNode != null) {
            try {
                block = BlockShape.parse(string(blockNode, "space.block"));
            } catch (IllegalArgumentException e) {
                throw error("space.block", blockNode, e.getMessage());
            }
        }
        NmPattern n = nm;
        BlockShape b = block;
        return build("space", () -> new SearchSpace(criteria, granularities, scopes, sparsities, schedules, epochs,
                lrs, batch, pruneOutput, c, rounds, n, b, budgets));
    }

    private SearchSettings search(JsonNode node) {
        mapping(node, "search", SEARCH_KEYS);
        JsonNode methodNode = optional(node, "method");
        String method = methodNode == null ? SearchSettings.GRID : string(methodNode, "search.method");
        if (!SearchSettings.METHODS.contains(method)) {
            throw error("search.method", methodNode, "unknown search method; allowed: " + String.join(", ", SearchSettings.METHODS));
        }
        JsonNode samplesNode = optional(node, "samples");
        if (!method.equals(SearchSettings.HALVING)) {
            for (String k : List.of("rungs", "eta", "minEpochs")) {
                if (optional(node, k) != null) {
                    throw error("search." + k, optional(node, k), "only used with method halving");
                }
            }
        } else {
            if (samplesNode != null) {
                throw error("search.samples", samplesNode, "only used with method random");
            }
            int rungs = intIn(node, "search", "rungs", 3, r -> r >= 1 && r <= 20, "must be in [1, 20]");
            int eta = intIn(node, "search", "eta", 2, e -> e >= 2, "must be >= 2");
            int minEpochs = intIn(node, "search", "minEpochs", 1, e -> e >= 1, "must be >= 1");
            return build("search", () -> SearchSettings.halving(rungs, eta, minEpochs));
        }
        if (method.equals(SearchSettings.GRID)) {
            if (samplesNode != null) {
                throw error("search.samples", samplesNode, "only used with method random");
            }
            return SearchSettings.grid();
        }
        if (samplesNode == null) {
            throw error("search.samples", null, "required with method random");
        }
        int samples = intValue(samplesNode, "search.samples");
        if (samples < 1) {
            throw error("search.samples", samplesNode, "must be >= 1 with method random");
        }
        return SearchSettings.random(samples);
    }

    private SensitivitySettings sensitivity(JsonNode node) {
        mapping(node, "sensitivity", SENSITIVITY_KEYS);
        List<Double> ratios = list(node, "sensitivity", "ratios", SensitivitySettings.DEFAULT_RATIOS, (n, p) -> {
            double r = number(n, p);
            if (!(r > 0 && r < 1)) {
                throw error(p, n, "must be in (0, 1)");
            }
            return r;
        });
        CriterionKind criterion = CriterionKind.MAGNITUDE;
        JsonNode cNode = optional(node, "criterion");
        if (cNode != null) {
            try {
                criterion = Vocabulary.parse(CriterionKind.values(), CriterionKind::id, "criterion",
                        string(cNode, "sensitivity.criterion"));
            } catch (IllegalArgumentException e) {
                throw error("sensitivity.criterion", cNode, "unknown criterion; allowed: "
                        + Vocabulary.allowed(CriterionKind.values(), CriterionKind::id));
            }
        }
        Granularity granularity = Granularity.ELEMENT;
        JsonNode gNode = optional(node, "granularity");
        if (gNode != null) {
            String text = string(gNode, "sensitivity.granularity");
            try {
                granularity = Granularity.parse(text);
            } catch (IllegalArgumentException e) {
                granularity = null;
            }
            if (granularity == null || !(granularity == Granularity.ELEMENT || granularity.structured())) {
                throw error("sensitivity.granularity", gNode, "must be one of: element, neuron, channel");
            }
        }
        CriterionKind c = criterion;
        Granularity g = granularity;
        return build("sensitivity", () -> new SensitivitySettings(ratios, c, g));
    }

    private List<Metric> objectives(JsonNode node) {
        return list(node, "objectives", (n, p) -> {
            String o = string(n, p);
            try {
                return Metric.fromId(o);
            } catch (IllegalArgumentException e) {
                throw error(p, n, "unknown objective; allowed: " + String.join(", ", Metric.ids()));
            }
        });
    }

    private SparkSettings spark(JsonNode node) {
        mapping(node, "spark", SPARK_KEYS);
        int parallelism = intIn(node, "spark", "parallelism", 0, p -> p >= 0, "must be >= 0 (0 = Spark's default)");
        return new SparkSettings(parallelism);
    }

    // ---- tree helpers: each knows the key path so errors can name it ----

    private interface Element<T> {
        T read(JsonNode node, String path);
    }

    private static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    private void mapping(JsonNode node, String path, List<String> allowed) {
        if (!node.isObject()) {
            throw error(path.isEmpty() ? null : path, path.isEmpty() ? null : node,
                    "expected a mapping with keys: " + String.join(", ", allowed) + "; got " + kind(node));
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!allowed.contains(key)) {
                String section = path.isEmpty() ? "at top level" : "in " + path;
                throw error(child(path, key), null, "unknown key; allowed " + section + ": " + String.join(", ", allowed));
            }
        }
    }

    private static JsonNode optional(JsonNode mapping, String key) {
        JsonNode n = mapping.get(key);
        return n == null || n.isNull() ? null : n;
    }

    private JsonNode required(JsonNode mapping, String path, String key) {
        JsonNode n = optional(mapping, key);
        if (n == null) {
            throw error(child(path, key), null, "missing required key");
        }
        return n;
    }

    private String string(JsonNode n, String path) {
        // Numbers are accepted too: YAML reads an unquoted `name: 2024` as a number.
        if (n.isTextual() || n.isNumber()) {
            return n.asText();
        }
        throw error(path, n, "expected a string, got " + kind(n));
    }

    private String nonBlank(JsonNode n, String path) {
        String s = string(n, path);
        if (s.isBlank()) {
            throw error(path, n, "must not be blank");
        }
        return s;
    }

    private String optionalPath(JsonNode mapping, String path, String key) {
        JsonNode n = optional(mapping, key);
        return n == null ? null : nonBlank(n, child(path, key));
    }

    private boolean bool(JsonNode n, String path) {
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        throw error(path, n, "expected true or false, got " + kind(n));
    }

    private double number(JsonNode n, String path) {
        if (!n.isNumber()) {
            throw error(path, n, "expected a number, got " + kind(n));
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
            throw error(path, n, "must be finite");
        }
        return d;
    }

    private double positive(JsonNode mapping, String path, String key, double dflt) {
        JsonNode n = optional(mapping, key);
        if (n == null) {
            return dflt;
        }
        double d = number(n, child(path, key));
        if (!(d > 0)) {
            throw error(child(path, key), n, "must be > 0");
        }
        return d;
    }

    private long longValue(JsonNode n, String path) {
        if (n.isIntegralNumber()) {
            if (!n.canConvertToLong()) {
                throw error(path, n, "out of range for a 64-bit integer");
            }
            return n.longValue();
        }
        throw error(path, n, "expected an integer, got " + kind(n));
    }

    private int intValue(JsonNode n, String path) {
        if (n.isIntegralNumber()) {
            if (!n.canConvertToInt()) {
                throw error(path, n, "out of range for a 32-bit integer");
            }
            return n.intValue();
        }
        throw error(path, n, "expected an integer, got " + kind(n));
    }

    private int intIn(JsonNode mapping, String path, String key, int dflt, Predicate<Integer> ok, String rule) {
        JsonNode n = optional(mapping, key);
        if (n == null) {
            return dflt;
        }
        int v = intValue(n, child(path, key));
        if (!ok.test(v)) {
            throw error(child(path, key), n, rule);
        }
        return v;
    }

    private <E extends Enum<E>> List<E> enumList(JsonNode space, String key, List<E> dflt, E[] values,
            Function<E, String> id) {
        return list(space, "space", key, dflt, (n, p) -> {
            String text = string(n, p);
            try {
                return Vocabulary.parse(values, id, key, text);
            } catch (IllegalArgumentException e) {
                throw error(p, n, "unknown " + key + "; allowed: " + Vocabulary.allowed(values, id));
            }
        });
    }

    private <T> List<T> list(JsonNode mapping, String path, String key, List<T> dflt, Element<T> element) {
        JsonNode n = optional(mapping, key);
        if (n == null) {
            if (dflt == null) {
                throw error(child(path, key), null, "missing required key");
            }
            return dflt;
        }
        return list(n, child(path, key), element);
    }

    /** Reads a list, or a lone scalar as a one-element list; rejects empty lists and duplicates. */
    private <T> List<T> list(JsonNode n, String path, Element<T> element) {
        List<JsonNode> nodes = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                nodes.add(n.get(i));
                paths.add(path + "[" + i + "]");
            }
            if (nodes.isEmpty()) {
                throw error(path, n, "must list at least one value");
            }
        } else if (n.isValueNode()) {
            nodes.add(n);
            paths.add(path);
        } else {
            throw error(path, n, "expected a list, got " + kind(n));
        }
        List<T> out = new ArrayList<>();
        Map<T, String> seen = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode item = nodes.get(i);
            if (item.isNull()) {
                throw error(paths.get(i), item, "must not be null");
            }
            T value = element.read(item, paths.get(i));
            String first = seen.putIfAbsent(value, paths.get(i));
            if (first != null) {
                throw error(paths.get(i), item, "duplicate value (same as " + first + ")");
            }
            out.add(value);
        }
        return out;
    }

    private interface Builder<T> {
        T build();
    }

    /** Cross-field rules live in the records; report their violations against the section. */
    private <T> T build(String path, Builder<T> builder) {
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new SpecException(file, path.isEmpty() ? null : path, null, e.getMessage(), e);
        }
    }

    private SpecException error(String path, JsonNode node, String reason) {
        return new SpecException(file, path, node == null ? null : render(node), reason);
    }

    private static String render(JsonNode n) {
        String s = n.isValueNode() ? n.asText() : n.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case OBJECT -> "a mapping";
            case ARRAY -> "a list";
            case NULL, MISSING -> "nothing";
            default -> n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
