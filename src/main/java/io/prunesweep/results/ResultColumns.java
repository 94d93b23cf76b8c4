package io.prunesweep.results;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import io.prunesweep.metric.Footprint;
import io.prunesweep.metric.LatencyMethod;
import io.prunesweep.metric.LayerCount;
import io.prunesweep.metric.Measurements;
import io.prunesweep.metric.TrainedForm;
import io.prunesweep.results.Outcome.Failed;
import io.prunesweep.results.Outcome.Measured;
import io.prunesweep.spec.BlockShape;
import io.prunesweep.spec.Budget;
import io.prunesweep.spec.Caps;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.FineTune;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.NmPattern;
import io.prunesweep.spec.PruneMethod;
import io.prunesweep.spec.Schedule;
import io.prunesweep.spec.ScheduleKind;
import io.prunesweep.spec.Scope;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The one flat view of a {@link ResultRow}: an ordered table of named, typed columns. CSV
 * ({@code results.csv}, {@code front.csv}), Parquet ({@code results.parquet}) and JSON (per-candidate files,
 * {@code baseline.json}, {@code front.json}) all write these columns in this order, and JSON is read back
 * through it, so the formats cannot drift apart. The names and order are those of the files written before
 * results were structured (format v1), followed by the columns added since; a file of that format reads back to
 * an equal row.
 *
 * <p>A failed row has no measurements: its measured columns read NaN (doubles) or -1 (counts), as they
 * always have. Columns whose value a rerun of the same candidate cannot reproduce (timings, the executor,
 * the attempt, timestamps) say so, so reruns are compared on the others.
 *
 * <p>Size: about 390 lines, most of it the column table itself and the JSON writer and reader that walk it;
 * they stay in one file because being the only place a row is flattened is this class's purpose.
 */
public final class ResultColumns {
    /** The value type of a column. */
    public enum Type {
        /** Text. */
        STRING,
        /** 64-bit count; -1 when not measured. */
        LONG,
        /** 32-bit count. */
        INT,
        /** Floating point; NaN when not measured. */
        DOUBLE,
        /** Flag. */
        BOOLEAN,
        /** Per-layer counts: a list of {@link LayerCount}, written as a JSON array in CSV and Parquet. */
        LAYERS
    }

    /**
     * One column.
     *
     * @param name         the column name in every format
     * @param type         its value type
     * @param reproducible whether a rerun of the same candidate on the same inputs gives the same value
     * @param getter       reads the value from a row (boxed; a list of {@link LayerCount} for {@code LAYERS})
     * @param absent       the value of a column missing from a file
     */
    public record Column(String name, Type type, boolean reproducible, Function<ResultRow, Object> getter,
                         Object absent) {
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(getter, "getter");
        }

        /** This column's value in {@code row}. */
        public Object get(ResultRow row) {
            return getter.apply(row);
        }

        /** The value with per-layer counts as compact JSON text: what CSV and Parquet cells hold. */
        public Object plain(ResultRow row) {
            Object v = get(row);
            return type == Type.LAYERS ? layersJson(layers(v)) : v;
        }

        /** The CSV cell text: an empty cell for a non-finite double. */
        public String text(ResultRow row) {
            Object v = plain(row);
            return v instanceof Double d && !Double.isFinite(d) ? "" : v.toString();
        }
    }

    private static final List<Column> COLUMNS = List.of(
            col("candidateId", Type.STRING, true, ResultRow::candidateId),
            col("seed", Type.LONG, true, r -> r.provenance().seed()),
            col("criterion", Type.STRING, true, r -> r.config().method().criterion().id()),
            col("granularity", Type.STRING, true, r -> r.config().method().granularity().id()),
            col("scope", Type.STRING, true, r -> r.config().method().scope().id()),
            col("targetSparsity", Type.DOUBLE, true, r -> r.config().targetSparsity()),
            col("schedule", Type.STRING, true, r -> r.config().schedule().kind().id()),
            col("fineTuneEpochs", Type.INT, true, r -> r.config().fineTune().epochs()),
            col("learningRate", Type.DOUBLE, true, r -> r.config().fineTune().learningRate()),
            col("batchSize", Type.INT, true, r -> r.config().fineTune().batchSize()),
            col("pruneOutputLayer", Type.BOOLEAN, true, r -> r.config().caps().pruneOutputLayer()),
            col("maxLayerSparsity", Type.DOUBLE, true, r -> r.config().caps().maxLayerSparsity()),
            col("status", Type.STRING, true, r -> r.ok() ? "ok" : "failed"),
            col("error", Type.STRING, true, ResultRow::error),
            measured("params", Type.LONG, true, m -> m.footprint().params()),
            measured("nonzeroParams", Type.LONG, true, m -> m.footprint().nonzeroParams()),
            measured("sparsity", Type.DOUBLE, true, m -> m.footprint().sparsity()),
            measured("denseBytes", Type.LONG, true, m -> m.footprint().denseBytes()),
            measured("sparseBytes", Type.LONG, true, m -> m.footprint().sparseBytes()),
            measured("zipBytes", Type.LONG, true, m -> m.footprint().zipBytes()),
            measured("flops", Type.LONG, true, m -> m.footprint().flops()),
            measured("effectiveFlops", Type.LONG, true, m -> m.footprint().effectiveFlops()),
            measured("shrunkParams", Type.LONG, true, m -> m.footprint().shrunkParams()),
            measured("valAccuracy", Type.DOUBLE, true, Measurements::valAccuracy),
            measured("valLoss", Type.DOUBLE, true, Measurements::valLoss),
            measured("testAccuracy", Type.DOUBLE, true, Measurements::testAccuracy),
            // wall-clock measurements: they depend on what else the machine was doing
            measured("latencyMs", Type.DOUBLE, false, Measurements::latencyMs),
            measured("fineTuneMs", Type.LONG, false, Measurements::fineTuneMs),
            col("executorId", Type.STRING, false, r -> r.provenance().executorId()),
            col("attempt", Type.INT, false, r -> r.provenance().attempt()),
            col("startedAt", Type.STRING, false, r -> r.provenance().startedAt()),
            col("finishedAt", Type.STRING, false, r -> r.provenance().finishedAt()),
            col("specHash", Type.STRING, true, r -> r.provenance().specHash()),
            col("modelFingerprint", Type.STRING, true, r -> r.provenance().modelFingerprint()),
            col("dataFingerprint", Type.STRING, true, r -> r.provenance().dataFingerprint()),
            col("versions", Type.STRING, true, r -> r.provenance().versions()),
            measured("layers", Type.LAYERS, true, m -> m.footprint().layers()),
            col("budget", Type.STRING, true, r -> r.config().budgetId()),
            // rows written before halving and rounds existed had neither: rung 0, one round
            new Column("rung", Type.INT, true, r -> r.provenance().rung(), 0),
            new Column("rounds", Type.INT, true, r -> r.config().schedule().rounds(), 1),
            col("pattern", Type.STRING, true, r -> r.config().pattern()),
            // how latencyMs was timed: where a row was measured decides it, not the candidate; every row written
            // before the method was recorded was timed in its task
            new Column("latencyMethod", Type.STRING, false,
                    r -> r.ok() ? r.measurements().latencyMethod().id() : "", LatencyMethod.IN_TASK.id()),
            // which form was fine-tuned; every row written before structured candidates trained shrunk was masked
            new Column("trainedForm", Type.STRING, true,
                    r -> r.ok() ? r.measurements().trainedForm().id() : "", TrainedForm.MASKED.id()),
            // what the plan removed of the prunable units, below targetSparsity when per-layer caps bound; rows
            // written before it was recorded read NaN (not measured), as the dense baseline does
            measured("achievedSparsity", Type.DOUBLE, true, Measurements::achievedSparsity),
            // the shrunk model's latency, timed only by the serial pass beside latencyMs (a wall-clock figure like
            // it): the rows tasks write, rows without a shrunk model and rows of older stores read NaN
            measured("shrunkLatencyMs", Type.DOUBLE, false, Measurements::shrunkLatencyMs));

    private static final Map<String, Column> BY_NAME = new LinkedHashMap<>();

    static {
        COLUMNS.forEach(c -> BY_NAME.put(c.name(), c));
    }

    private ResultColumns() {
    }

    /** Every column, in file order. */
    public static List<Column> all() {
        return COLUMNS;
    }

    /** The column names, in file order. */
    public static List<String> names() {
        return COLUMNS.stream().map(Column::name).toList();
    }

    /** The values of the columns a rerun reproduces, by name (for comparing a rerun with a first run). */
    public static Map<String, Object> reproducible(ResultRow row) {
        Map<String, Object> out = new LinkedHashMap<>();
        COLUMNS.stream().filter(Column::reproducible).forEach(c -> out.put(c.name(), c.get(row)));
        return out;
    }

    private static Column col(String name, Type type, boolean reproducible, Function<ResultRow, Object> getter) {
        return new Column(name, type, reproducible, getter, notMeasured(type));
    }

    private static Column measured(String name, Type type, boolean reproducible,
                                   Function<Measurements, Object> getter) {
        Object none = notMeasured(type);
        return new Column(name, type, reproducible, r -> r.ok() ? getter.apply(r.measurements()) : none, none);
    }

    private static Object notMeasured(Type type) {
        return switch (type) {
            case STRING -> "";
            case LONG -> -1L;
            case INT -> -1;
            case DOUBLE -> Double.NaN;
            case BOOLEAN -> false;
            case LAYERS -> List.of();
        };
    }

    @SuppressWarnings("unchecked")
    private static List<LayerCount> layers(Object v) {
        return (List<LayerCount>) v;
    }

    private static String layersJson(List<LayerCount> layers) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
            writeLayers(g, layers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeLayers(JsonGenerator g, List<LayerCount> layers) throws IOException {
        g.writeStartArray();
        for (LayerCount l : layers) {
            g.writeStartObject();
            g.writeNumberField("index", l.index());
            g.writeStringField("type", l.type());
            g.writeNumberField("params", l.params());
            g.writeNumberField("nonzero", l.nonzero());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /**
     * A row from the JSON object of one result: each column read by its type, a missing column or
     * {@code null} read as the column's absent value, then the parts built and validated.
     *
     * @throws IllegalArgumentException naming the column and value that are wrong
     */
    public static ResultRow fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object for a result, found " + node);
        }
        Map<String, Object> v = new LinkedHashMap<>();
        for (Column c : COLUMNS) {
            v.put(c.name(), read(c, node.get(c.name())));
        }
        return assemble(new Values(v));
    }

    private static Object read(Column c, JsonNode n) {
        if (n == null || n.isNull()) {
            return c.absent();
        }
        boolean number = n.isNumber() || n.isTextual() && n.asText().equals("NaN");
        return switch (c.type()) {
            case STRING -> n.asText();
            case LONG -> number ? n.asLong() : wrong(c, n, "a number");
            case INT -> number ? n.asInt() : wrong(c, n, "a number");
            case DOUBLE -> !number ? wrong(c, n, "a number") : n.isTextual() ? Double.NaN : n.asDouble();
            case BOOLEAN -> n.isBoolean() ? n.asBoolean() : wrong(c, n, "true or false");
            case LAYERS -> layersOf(c, n);
        };
    }

    private static List<LayerCount> layersOf(Column c, JsonNode n) {
        if (!n.isArray()) {
            return wrong(c, n, "an array");
        }
        List<LayerCount> out = new ArrayList<>();
        for (JsonNode l : n) {
            out.add(new LayerCount(l.path("index").asInt(-1), l.path("type").asText(""), l.path("params").asLong(-1),
                    l.path("nonzero").asLong(-1)));
        }
        return out;
    }

    private static <T> T wrong(Column c, JsonNode n, String expected) {
        throw new IllegalArgumentException(c.name() + ": expected " + expected + ", found " + n);
    }

    /** Typed access to one row's column values. */
    private record Values(Map<String, Object> v) {
        String s(String name) {
            return (String) v.get(name);
        }

        long l(String name) {
            return ((Number) v.get(name)).longValue();
        }

        int i(String name) {
            return ((Number) v.get(name)).intValue();
        }

        double d(String name) {
            return ((Number) v.get(name)).doubleValue();
        }

        boolean b(String name) {
            return (Boolean) v.get(name);
        }
    }

    private static ResultRow assemble(Values v) {
        Granularity g = Granularity.parse(v.s("granularity"));
        String pattern = v.s("pattern");
        PruneMethod method = pattern.isEmpty()
                ? new PruneMethod(CriterionKind.parse(v.s("criterion")), g, Scope.parse(v.s("scope")))
                : new PruneMethod(CriterionKind.parse(v.s("criterion")), g, Scope.parse(v.s("scope")),
                        g == Granularity.NM ? NmPattern.parse(pattern) : null,
                        g == Granularity.BLOCK ? BlockShape.parse(pattern) : null);
        String budget = v.s("budget");
        RunConfig config = new RunConfig(method, v.d("targetSparsity"), budget.isEmpty() ? null : Budget.parse(budget),
                new Schedule(ScheduleKind.parse(v.s("schedule")), v.i("rounds")),
                new FineTune(v.i("fineTuneEpochs"), v.d("learningRate"), v.i("batchSize")),
                new Caps(v.b("pruneOutputLayer"), v.d("maxLayerSparsity")));
        Outcome outcome = switch (v.s("status")) {
            case "ok" -> new Measured(new Measurements(new Footprint(v.l("params"), v.l("nonzeroParams"),
                    v.l("denseBytes"), v.l("sparseBytes"), v.l("zipBytes"), v.l("flops"), v.l("effectiveFlops"),
                    v.l("shrunkParams"), layers(v.v().get("layers"))), v.d("valAccuracy"), v.d("valLoss"),
                    v.d("testAccuracy"), v.d("latencyMs"), v.l("fineTuneMs"), latencyMethod(v.s("latencyMethod")),
                    trainedForm(v.s("trainedForm")), v.d("achievedSparsity"),
                    v.d("shrunkLatencyMs")));
            case "failed" -> new Failed(v.s("error"));
            default -> throw new IllegalArgumentException("status: expected ok or failed, found '" + v.s("status") + "'");
        };
        Provenance provenance = new Provenance(v.l("seed"), v.i("rung"), v.s("executorId"), v.i("attempt"),
                v.s("startedAt"), v.s("finishedAt"), v.s("specHash"), v.s("modelFingerprint"), v.s("dataFingerprint"),
                v.s("versions"));
        return new ResultRow(v.s("candidateId"), config, outcome, provenance);
    }

    private static LatencyMethod latencyMethod(String id) {
        try {
            return LatencyMethod.parse(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("latencyMethod: " + e.getMessage(), e);
        }
    }

    private static TrainedForm trainedForm(String id) {
        try {
            return TrainedForm.parse(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("trainedForm: " + e.getMessage(), e);
        }
    }

    /** Writes a row as one JSON object with the columns in order; non-finite doubles as {@code null}. */
    static final class JsonOut extends JsonSerializer<ResultRow> {
        @Override
        public void serialize(ResultRow row, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeStartObject();
            for (Column c : COLUMNS) {
                Object v = c.get(row);
                g.writeFieldName(c.name());
                switch (c.type()) {
                    case STRING -> g.writeString((String) v);
                    case LONG -> g.writeNumber((Long) v);
                    case INT -> g.writeNumber((Integer) v);
                    case DOUBLE -> {
                        if (Double.isFinite((Double) v)) {
                            g.writeNumber((Double) v);
                        } else {
                            g.writeNull();
                        }
                    }
                    case BOOLEAN -> g.writeBoolean((Boolean) v);
                    case LAYERS -> writeLayers(g, layers(v));
                }
            }
            g.writeEndObject();
        }
    }

    /** Reads a row written by {@link JsonOut} (or by the v1 code, which wrote NaN as {@code "NaN"}). */
    static final class JsonIn extends JsonDeserializer<ResultRow> {
        @Override
        public ResultRow deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = p.readValueAsTree();
            try {
                return fromJson(node);
            } catch (RuntimeException e) {
                String id = node == null ? "" : node.path("candidateId").asText("");
                throw JsonMappingException.from(p, "invalid result" + (id.isEmpty() ? "" : " " + id) + ": "
                        + e.getMessage(), e);
            }
        }
    }
}
