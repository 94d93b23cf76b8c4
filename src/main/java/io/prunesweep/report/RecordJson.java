package io.prunesweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prunesweep.metric.Metric;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Records to JSON trees and back, driven by record components.
 *
 * <p>Done by hand rather than by Jackson's bean mapping for two reasons: non-finite doubles must become
 * {@code null} (JSON has no NaN) and come back as NaN, which Jackson would turn into 0.0 for a primitive;
 * and only record components may appear, never derived accessors such as {@code ok()} or
 * {@code sparsity()}. Walking the components also means a field added to a record is written without
 * touching this code.
 */
final class RecordJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RecordJson() {
    }

    /** A JSON tree for a record, list, string, number, boolean or null. */
    static JsonNode toNode(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof Double d) {
            return Double.isFinite(d) ? NODES.numberNode(d) : NODES.nullNode();
        }
        if (value instanceof Float f) {
            return Float.isFinite(f) ? NODES.numberNode(f) : NODES.nullNode();
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof CharSequence s) {
            return NODES.textNode(s.toString());
        }
        if (value instanceof Metric m) {
            return NODES.textNode(m.id());
        }
        if (value instanceof Iterable<?> items) {
            ArrayNode array = NODES.arrayNode();
            items.forEach(item -> array.add(toNode(item)));
            return array;
        }
        if (value instanceof Record record) {
            ObjectNode object = NODES.objectNode();
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                object.set(c.getName(), toNode(component(record, c)));
            }
            return object;
        }
        throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
    }

    /** The value of one component of a record. */
    static Object component(Record record, RecordComponent c) {
        try {
            return c.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + record.getClass(), e);
        }
    }

    /**
     * A record from a JSON object written by {@link #toNode}. A missing or null field reads as the
     * "not measured" value: NaN for doubles, -1 for counts, false for flags, null for references, so a
     * file written before a field existed still loads.
     */
    static <T extends Record> T fromNode(JsonNode node, Class<T> type) throws IOException {
        if (node == null || !node.isObject()) {
            throw new IOException("expected a JSON object for " + type.getSimpleName() + ", found " + node);
        }
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = value(node.get(components[i].getName()), components[i].getGenericType(),
                    type.getSimpleName() + "." + components[i].getName());
        }
        try {
            Constructor<T> constructor = type.getDeclaredConstructor(types);
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new IOException("invalid " + type.getSimpleName() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object value(JsonNode node, Type type, String where) throws IOException {
        boolean absent = node == null || node.isNull();
        if (type == double.class) {
            return absent ? Double.NaN : number(node, where).asDouble();
        }
        if (type == float.class) {
            return absent ? Float.NaN : (float) number(node, where).asDouble();
        }
        if (type == long.class) {
            return absent ? -1L : number(node, where).asLong();
        }
        if (type == int.class) {
            return absent ? -1 : number(node, where).asInt();
        }
        if (type == boolean.class) {
            return !absent && node.asBoolean();
        }
        if (absent) {
            return null;
        }
        if (type == String.class) {
            return node.asText();
        }
        if (type == Metric.class) {
            try {
                return Metric.fromId(node.asText());
            } catch (IllegalArgumentException e) {
                throw new IOException(where + ": " + e.getMessage(), e);
            }
        }
        if (type == Double.class) {
            return number(node, where).asDouble();
        }
        if (type == Long.class) {
            return number(node, where).asLong();
        }
        if (type == Integer.class) {
            return number(node, where).asInt();
        }
        if (type == Boolean.class) {
            return node.asBoolean();
        }
        if (type instanceof Class<?> c && c.isRecord()) {
            return fromNode(node, (Class<? extends Record>) c);
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            if (!node.isArray()) {
                throw new IOException(where + ": expected an array, found " + node);
            }
            List<Object> items = new ArrayList<>();
            for (JsonNode item : node) {
                items.add(value(item, p.getActualTypeArguments()[0], where + "[]"));
            }
            return items;
        }
        throw new IllegalStateException(where + ": unsupported type " + type.getTypeName());
    }

    private static JsonNode number(JsonNode node, String where) throws IOException {
        if (!node.isNumber()) {
            throw new IOException(where + ": expected a number, found " + node);
        }
        return node;
    }
}
