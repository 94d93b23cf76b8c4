package io.prunesweep.bench;

import io.prunesweep.metric.Metric;
import io.prunesweep.results.Json;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.SweepOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Section 5: validation accuracy per pruning strategy and target sparsity of a reference sweep, with
 * the Pareto front marked.
 *
 * @param specLabel what was swept
 * @param baseline  the dense base model's row
 * @param outcome   the sweep's rows and front
 */
public record FrontQuality(String specLabel, ResultRow baseline, SweepOutcome outcome) {

    /** Runs (or resumes) the reference sweep on {@code local[2]}: a 4-candidate spec in quick mode. */
    public static FrontQuality measure(Workbench w, SweepRunner runner) {
        Path spec = w.quick() ? w.spec("front-quick", w.baseModel(), 4)
                : Path.of("conf/sweeps/fashion-mlp.yaml").toAbsolutePath();
        Path out = w.work("front-quality");
        SweepOutcome o = runner.sweep("local[2]", spec, out);
        ResultRow base;
        try {
            base = Json.read(Files.readAllBytes(out.resolve("baseline.json")), ResultRow.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the baseline of " + out, e);
        }
        return new FrontQuality(w.quick() ? "a 4-candidate quick spec" : "conf/sweeps/fashion-mlp.yaml", base, o);
    }

    /** Writes the section and records its figures. */
    public void render(Report r) {
        r.line("## 5. Front quality%n");
        r.line("`%s` (resumable: a rerun of the benchmark reuses its results). Validation accuracy per strategy and",
                specLabel);
        r.line("target sparsity; dense base model: %.2f%% validation, %.2f%% test. Bold = on the Pareto front.%n",
                100 * baseline.measurements().valAccuracy(), 100 * baseline.measurements().testAccuracy());
        Map<String, Map<Double, ResultRow>> table = new TreeMap<>();
        Set<String> front = new HashSet<>();
        outcome.front().forEach(x -> front.add(x.candidateId()));
        SortedSet<Double> cols = new TreeSet<>();
        for (ResultRow x : outcome.all()) {
            String strategy = x.config().method().criterion().id() + "/" + x.config().method().granularity().id();
            table.computeIfAbsent(strategy, k -> new TreeMap<>()).put(x.config().targetSparsity(), x);
            cols.add(x.config().targetSparsity());
        }
        StringBuilder h = new StringBuilder("| strategy |");
        StringBuilder sep = new StringBuilder("|---|");
        for (double c : cols) {
            h.append(String.format(Locale.ROOT, " %.0f%% |", 100 * c));
            sep.append("---|");
        }
        r.line("%s%n%s", h, sep);
        for (var e : table.entrySet()) {
            StringBuilder line = new StringBuilder("| " + e.getKey() + " |");
            for (double c : cols) {
                ResultRow x = e.getValue().get(c);
                String v = x == null || !x.ok() ? "–" : String.format(Locale.ROOT, "%.2f", 100 * x.value(Metric.VAL_ACCURACY));
                line.append(' ').append(x != null && front.contains(x.candidateId()) ? "**" + v + "**" : v).append(" |");
                if (x != null && x.ok()) {
                    r.record("front", e.getKey() + "@" + c, x.value(Metric.VAL_ACCURACY));
                }
            }
            r.line("%s", line);
        }
        r.line("");
    }
}
