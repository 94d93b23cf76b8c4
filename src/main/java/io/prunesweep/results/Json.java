package io.prunesweep.results;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.prunesweep.metric.Metric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON mapping of prunesweep's result files (per-candidate results, {@code baseline.json},
 * sensitivity cells, {@code front.json}). One rule for numbers JSON cannot hold: a non-finite double is
 * written as {@code null} and read back as NaN ("not measured"); the {@code "NaN"} strings that files
 * written before this rule hold read as NaN too. A {@link Metric} is written as its id.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS)
            .registerModule(new SimpleModule("prunesweep-results")
                    .addSerializer(Double.class, new FiniteOrNull())
                    .addSerializer(Double.TYPE, new FiniteOrNull())
                    .addDeserializer(Double.TYPE, new NumberDeserializers.DoubleDeserializer(Double.TYPE, Double.NaN))
                    .addSerializer(Metric.class, new MetricId())
                    .addDeserializer(Metric.class, new MetricFromId()));

    private Json() {
    }

    /** The shared mapper (configured once; never reconfigure it). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Indented JSON, as the files are written. */
    public static byte[] pretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** JSON on one line, without blanks (CSV and Parquet cells). */
    public static String compact(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Reads a value of {@code type}.
     *
     * @throws IOException naming what is wrong when the text is not such a value
     */
    public static <T> T read(byte[] json, Class<T> type) throws IOException {
        return MAPPER.readValue(json, type);
    }

    /** Reads a value of {@code type} from UTF-8 text. */
    public static <T> T read(String json, Class<T> type) throws IOException {
        return read(json.getBytes(StandardCharsets.UTF_8), type);
    }

    private static final class FiniteOrNull extends JsonSerializer<Double> {
        @Override
        public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
            if (Double.isFinite(v)) {
                g.writeNumber(v);
            } else {
                g.writeNull();
            }
        }
    }

    private static final class MetricId extends JsonSerializer<Metric> {
        @Override
        public void serialize(Metric m, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeString(m.id());
        }
    }

    private static final class MetricFromId extends JsonDeserializer<Metric> {
        @Override
        public Metric deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String id = p.getValueAsString();
            try {
                return Metric.fromId(id);
            } catch (IllegalArgumentException e) {
                return (Metric) ctxt.handleWeirdStringValue(Metric.class, id, e.getMessage());
            }
        }
    }
}
