package io.prunesweep.report;

import io.prunesweep.metric.LayerCount;
import io.prunesweep.metric.Measurements;
import io.prunesweep.results.ResultRow;
import java.util.Arrays;
import java.util.List;
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
    /** Target sparsity (for a budget row, what its allocation achieved). */
    TARGET("target", "target sparsity", r -> String.format(Locale.ROOT, "%.2f", r.config().targetSparsity())),
    /**
     * Sparsity the pruning plan achieved over the prunable units: below the target when per-layer caps bound
     * (missing for the baseline and for rows written before it was recorded).
     */
    ACHIEVED("achieved", "achieved sparsity", r -> Double.isFinite(m(r).achievedSparsity())
            ? String.format(Locale.ROOT, "%.2f", m(r).achievedSparsity()) : Text.MISSING),
    /** Schedule id. */
    SCHEDULE("schedule", "schedule", r -> r.config().schedule().kind().id()),
    /** Budget id of a budget candidate, else empty. */
    BUDGET("budget", "budget", r -> r.config().budgetId()),
    /** Fine-tune epochs. */
    EPOCHS("epochs", "fine-tune epochs", r -> String.valueOf(r.config().fineTune().epochs())),
    /** Successive-halving rung. */
    RUNG("rung", "rung", r -> String.valueOf(r.provenance().rung())),
    /** Validation accuracy. */
    VAL_ACC("val_acc", "val acc", r -> pct(m(r).valAccuracy(), 2)),
    /** Validation accuracy minus the dense baseline's, in percentage points. */
    VAL_DELTA("val_delta", "Δ val (pp)", null),
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
    /** Fine-tuning wall time in seconds. */
    FINE_TUNE_S("fine_tune_s", "fine-tune s", r -> String.format(Locale.ROOT, "%.1f", m(r).fineTuneMs() / 1000.0)),
    /** Latency of one minibatch forward pass. */
    LATENCY("latency_ms", "latency ms", r -> Text.millis(m(r).latencyMs())),
    /**
     * Latency of the physically shrunk model, timed in the same serial rounds as the masked one (missing without a
     * shrunk model, and for rows the serial pass has not timed).
     */
    SHRUNK_LATENCY("shrunk_latency", "shrunk latency ms", r -> Text.millis(m(r).shrunkLatencyMs()));

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
     * What a cell may need besides its row.
     *
     * @param baseline the dense baseline row, or null when there is none
     * @param kneeId      the id of the front's knee, or null
     * @param labelColumn the column that names the baseline and marks the knee (one of config, candidate)
     */
    record Context(ResultRow baseline, String kneeId, MarkdownColumn labelColumn) {
        Context(ResultRow baseline, String kneeId) {
            this(baseline, kneeId, CONFIG);
        }

        /** The same context labelling rows in the first of config and candidate that {@code columns} has. */
        Context labelledIn(List<MarkdownColumn> columns) {
            return new Context(baseline, kneeId, columns.contains(CONFIG) ? CONFIG : CANDIDATE);
        }
    }

    /**
     * The cell for {@code row}.
     *
     * @param isBaseline whether the row is the dense baseline (its id reads "dense baseline")
     */
    String cell(ResultRow row, boolean isBaseline, Context ctx) {
        if (this == CANDIDATE || this == CONFIG) {
            boolean label = this == ctx.labelColumn();
            if (isBaseline) {
                return label ? "dense baseline" : "";
            }
            String s = this == CANDIDATE ? row.candidateId() : row.label();
            return label && row.candidateId().equals(ctx.kneeId()) ? s + " (knee)" : s;
        }
        if (!row.ok()) {
            return Text.MISSING;
        }
        if (this == VAL_DELTA) {
            if (ctx.baseline() == null || !ctx.baseline().ok()) {
                return Text.MISSING;
            }
            return String.format(Locale.ROOT, "%+.2f",
                    100 * (m(row).valAccuracy() - m(ctx.baseline()).valAccuracy()));
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
