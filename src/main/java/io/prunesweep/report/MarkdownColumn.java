package io.prunesweep.report;

import io.prunesweep.metric.LayerCount;
import io.prunesweep.metric.Measurements;
import io.prunesweep.results.ResultRow;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A column of a Markdown results table ({@code prunesweep report --markdown}): its id on the command line,
 * its header, and how a row's value is shown. Values are rounded for reading; the result files keep the
 * exact numbers.
 */
public enum MarkdownColumn {
    /** Candidate id. */
    CANDIDATE("candidate", "candidate", ResultRow::candidateId),
    /** Configuration label (criterion/granularity/scope, ratio or budget, schedule); the knee is marked. */
    CONFIG("config", "config", null),
    /** Budget id of a budget candidate, else empty. */
    BUDGET("budget", "budget", r -> r.config().budgetId()),
    /** Fine-tune epochs. */
    EPOCHS("epochs", "fine-tune epochs", r -> String.valueOf(r.config().fineTune().epochs())),
    /** Successive-halving rung. */
    RUNG("rung", "rung", r -> String.valueOf(r.provenance().rung())),
    /** Validation accuracy. */
    VAL_ACC("val_acc", "val acc", r -> pct(m(r).valAccuracy(), 2)),
    /** Test accuracy (front members and the baseline). */
    TEST_ACC("test_acc", "test acc", r -> pct(m(r).testAccuracy(), 2)),
    /** Nonzero parameters. */
    NONZERO("nonzero", "nonzero", r -> Text.count(m(r).footprint().nonzeroParams())),
    /** Nonzero parameters as a share of all parameters. */
    NONZERO_SHARE("nonzero_share", "nonzero", r -> pct((double) m(r).footprint().nonzeroParams()
            / m(r).footprint().params(), 2)),
    /** 1 − nonzero/params. */
    SPARSITY("sparsity", "sparsity", r -> pct(m(r).footprint().sparsity(), 1)),
    /** Sparse encoding size. */
    SPARSE_BYTES("sparse_bytes", "sparse bytes", r -> Text.count(m(r).footprint().sparseBytes())),
    /** FLOPs of the nonzero weights per example. */
    EFFECTIVE_FLOPS("effective_flops", "effective FLOPs", r -> Text.count(m(r).footprint().effectiveFlops())),
    /** Parameters of the physically shrunk model; the dense parameter count for the baseline. */
    SHRUNK_PARAMS("shrunk_params", "shrunk params", r -> Text.count(m(r).footprint().shrunkParams() >= 0
            ? m(r).footprint().shrunkParams() : m(r).footprint().params())),
    /** Sparsity of each layer, in layer order. */
    LAYER_SPARSITY("layer_sparsity", "per-layer sparsity", r -> m(r).footprint().layers().stream()
            .map(MarkdownColumn::layerSparsity).collect(Collectors.joining(" / "))),
    /** Latency of one minibatch forward pass. */
    LATENCY("latency_ms", "latency ms", r -> Text.millis(m(r).latencyMs()));

    private final String id;
    private final String header;
    private final Function<ResultRow, String> value;

    MarkdownColumn(String id, String header, Function<ResultRow, String> value) {
        this.id = id;
        this.header = header;
        this.value = value;
    }

    /** The id used on the command line. */
    public String id() {
        return id;
    }

    /** The table header. */
    public String header() {
        return header;
    }

    /**
     * The cell for {@code row}.
     *
     * @param baseline whether the row is the dense baseline (its id and config read "dense baseline")
     * @param knee     whether the row is the knee of the front
     */
    String cell(ResultRow row, boolean baseline, boolean knee) {
        if (this == CANDIDATE || this == CONFIG) {
            if (baseline) {
                return this == CANDIDATE ? "dense baseline" : "";
            }
            String s = this == CANDIDATE ? row.candidateId() : row.label();
            return knee ? s + " (knee)" : s;
        }
        if (!row.ok()) {
            return Text.MISSING;
        }
        return value.apply(row);
    }

    /**
     * The column with that id.
     *
     * @throws IllegalArgumentException naming the id and the ones that exist
     */
    public static MarkdownColumn of(String id) {
        for (MarkdownColumn c : values()) {
            if (c.id.equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown column '" + id + "'; columns: "
                + Arrays.stream(values()).map(MarkdownColumn::id).collect(Collectors.joining(", ")));
    }

    private static Measurements m(ResultRow r) {
        return r.measurements();
    }

    private static String layerSparsity(LayerCount l) {
        double s = l.params() == 0 ? 0 : 1 - (double) l.nonzero() / l.params();
        return String.format(Locale.ROOT, "%.2f", s);
    }

    static String pct(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f %%", 100 * v) : Text.MISSING;
    }
}
