package io.prunesweep.spec;

import io.prunesweep.metric.Metric;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * A whole sweep: the base model, the data, the search space and how to search it, the objectives
 * to trade off, Spark settings and where to write results.
 *
 * @param name       sweep name, matching {@code [A-Za-z0-9._-]+} (used in paths)
 * @param seed       sweep seed; candidate seeds and random sampling derive from it
 * @param model      the base model
 * @param data       the data
 * @param space      the search space
 * @param search     grid or random search
 * @param objectives metrics to trade off; null means {@link #DEFAULT_OBJECTIVES}; no duplicates
 * @param spark      Spark settings; null means defaults
 * @param output     output directory as written; null means {@code target/sweeps/<name>}
 * @param sensitivity how the sensitivity table is measured; null means {@link SensitivitySettings#defaults()}
 */
public record SweepSpec(String name, long seed, ModelSpec model, DataSpec data, SearchSpace space,
        SearchSettings search, List<Metric> objectives, SparkSettings spark, String output,
        SensitivitySettings sensitivity) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Objectives when a spec names none. */
    public static final List<Metric> DEFAULT_OBJECTIVES = List.of(Metric.VAL_ACCURACY, Metric.NONZERO_PARAMS);
    /** Allowed sweep names. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    /** The top-level keys of a spec. */
    static final List<String> KEYS = List.of("name", "seed", "model", "data", "space", "search", "objectives",
            "spark", "output", "sensitivity");

    public SweepSpec {
        Objects.requireNonNull(name, "name");
        Check.that(NAME.matcher(name).matches(), "name", name, "must match " + NAME.pattern());
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(search, "search");
        objectives = Check.distinct("objectives", objectives == null ? DEFAULT_OBJECTIVES : objectives);
        spark = spark == null ? SparkSettings.defaults() : spark;
        sensitivity = sensitivity == null ? SensitivitySettings.defaults() : sensitivity;
        output = output == null ? "target/sweeps/" + name : output;
        Check.that(!output.isBlank(), "output", output, "must not be blank");
    }

    /**
     * Reads a whole spec, each section by its record. Required: name, model, space. Defaults: seed 0, data
     * {@link DataSpec#defaults()}, search grid, objectives {@link #DEFAULT_OBJECTIVES}, spark parallelism 0,
     * output {@code target/sweeps/<name>}, sensitivity {@link SensitivitySettings#defaults()}.
     */
    static SweepSpec read(Section root) {
        String name = root.text("name");
        long seed = root.longInteger("seed", 0L);
        ModelSpec model = ModelSpec.read(root.section("model", ModelSpec.KEYS));
        DataSpec data = root.section("data", DataSpec.KEYS, DataSpec::read, DataSpec.defaults());
        Section spaceSection = root.section("space", SearchSpace.KEYS);
        SearchSpace space = SearchSpace.read(spaceSection);
        SearchSettings search = root.section("search", SearchSettings.KEYS, SearchSettings::read,
                SearchSettings.grid());
        if (search.halving() && spaceSection.has("fineTuneEpochs")) {
            throw spaceSection.error("fineTuneEpochs", "not used with search.method halving (rung r fine-tunes "
                    + "search.minEpochs * eta^r epochs); remove it");
        }
        SensitivitySettings sensitivity = root.section("sensitivity", SensitivitySettings.KEYS,
                SensitivitySettings::read, null);
        List<Metric> objectives = root.choices("objectives", "objective", DEFAULT_OBJECTIVES, Metric.values(),
                Metric::id);
        SparkSettings spark = root.section("spark", SparkSettings.KEYS, SparkSettings::read, null);
        String output = root.text("output", null);
        return root.build(() -> new SweepSpec(name, seed, model, data, space, search, objectives, spark, output,
                sensitivity));
    }

    /** A spec with the default sensitivity section. */
    public SweepSpec(String name, long seed, ModelSpec model, DataSpec data, SearchSpace space,
            SearchSettings search, List<Metric> objectives, SparkSettings spark, String output) {
        this(name, seed, model, data, space, search, objectives, spark, output, null);
    }

    /** Whether any candidate has a budget, so the sensitivity stage must run first. */
    public boolean hasBudgets() {
        return !space.target().budgets().isEmpty();
    }

    /**
     * The configurations to evaluate: the space's grid followed by its budget candidates
     * ({@link SearchSpace#budgetGrid}, at the sensitivity section's granularity). Grid search returns them
     * all in that order; halving too, with every fine-tune budget replaced by {@code search.minEpochs} (these
     * are rung 0; later rungs are chosen from rung 0's results by the driver). Random
     * search returns {@code samples} distinct configurations drawn with a partial Fisher–Yates
     * shuffle driven by {@code new SplittableRandom(seed)}, in draw order; the whole grid (in
     * shuffled order) if {@code samples} is at least its size. The same spec always yields the
     * same list.
     */
    public List<CandidateConfig> candidates() {
        List<CandidateConfig> grid = new ArrayList<>(space.grid());
        grid.addAll(space.budgetGrid(sensitivity));
        if (search.method().equals(SearchSettings.GRID)) {
            return List.copyOf(grid);
        }
        if (search.halving()) {
            LinkedHashSet<CandidateConfig> rung0 = new LinkedHashSet<>();
            grid.forEach(c -> rung0.add(c.withFineTuneEpochs(search.minEpochs())));
            return List.copyOf(rung0);
        }
        List<CandidateConfig> pool = new ArrayList<>(grid);
        int n = Math.min(search.samples(), pool.size());
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int j = i + rnd.nextInt(pool.size() - i);
            CandidateConfig tmp = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, tmp);
        }
        return List.copyOf(pool.subList(0, n));
    }

    /** Every field rendered in a fixed, locale-independent layout; the input of {@link #specHash()}. */
    public String canonical() {
        return "name=" + Canon.str(name)
                + "\nseed=" + seed
                + "\nmodel=" + model.canonical()
                + "\ndata=" + data.canonical()
                + "\nspace=" + space.canonical()
                + "\nsearch=" + search.canonical()
                + "\nobjectives=" + String.join(",", objectives.stream().map(Metric::id).toList())
                + "\nspark.parallelism=" + spark.parallelism()
                + "\noutput=" + Canon.str(output)
                + "\n"
                // only a non-default section is rendered, so specs without one keep their hash
                + (sensitivity.equals(SensitivitySettings.defaults()) ? ""
                        : "sensitivity=" + sensitivity.canonical() + "\n");
    }

    /**
     * SHA-256 (lower-case hex) of {@link #canonical()}: identifies the spec for provenance, and is
     * the same for YAML files that differ only in layout, comments, key order or number spelling.
     */
    public String specHash() {
        return Canon.sha256Hex(canonical());
    }
}
