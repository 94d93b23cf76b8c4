package io.prunesweep.spec;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One mapping of a spec being read, positioned at its key path. The spec records read their own keys from it
 * (each record knows its keys and defaults; see their {@code read} methods); it knows only the YAML's shapes
 * (types, lists, which keys exist), so every problem it finds, and every {@link SpecViolation} a record throws
 * while being built from it, becomes a {@link SpecException} naming the file, the key path and the value as
 * written.
 *
 * <p>The tree is plain Java: mappings are {@code Map<String, Object>}, lists {@code List<Object>}, scalars
 * {@code String}, {@code Number} or {@code Boolean}. A key given as null counts as absent; a scalar where a
 * list is expected is read as a one-element list. Unknown keys are errors (a misspelled key would otherwise
 * silently fall back to its default).
 *
 * <p>Size: about 310 lines, one accessor per YAML shape (scalar kinds, lists, ranges, nested sections), each
 * with its own error message; splitting them apart would spread one error vocabulary over several files.
 */
final class Section {

    private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)\\]");

    private final String file;
    private final String path;
    private final Map<String, Object> map;

    @SuppressWarnings("unchecked")
    private Section(String file, String path, Object node, List<String> keys) {
        this.file = file;
        this.path = path;
        if (!(node instanceof Map)) {
            throw error(path.isEmpty() ? null : path, path.isEmpty() ? null : node,
                    "expected a mapping with keys: " + String.join(", ", keys) + "; got " + Shown.kind(node));
        }
        this.map = (Map<String, Object>) node;
        for (String key : map.keySet()) {
            if (!keys.contains(key)) {
                String where = path.isEmpty() ? "at top level" : "in " + path;
                throw error(child(key), null, "unknown key; allowed " + where + ": " + String.join(", ", keys));
            }
        }
    }

    /** The whole spec: {@code tree} must be a mapping with (some of) the given keys. */
    static Section root(String file, Object tree, List<String> keys) {
        if (tree == null) {
            throw new SpecException(file, null, null, "empty spec; expected a mapping with keys: "
                    + String.join(", ", keys));
        }
        return new Section(file, "", tree, keys);
    }

    /** Whether the key is given (a null value counts as absent). */
    boolean has(String key) {
        return map.get(key) != null;
    }

    /** A required sub-mapping. */
    Section section(String key, List<String> keys) {
        return new Section(file, child(key), required(key), keys);
    }

    /** An optional sub-mapping read by {@code read}, or {@code absent} when the key is not given. */
    <T> T section(String key, List<String> keys, Function<Section, T> read, T absent) {
        return has(key) ? read.apply(section(key, keys)) : absent;
    }

    // ---- scalars ----

    String text(String key) {
        return text(required(key), child(key));
    }

    String text(String key, String dflt) {
        return has(key) ? text(map.get(key), child(key)) : dflt;
    }

    int integer(String key, int dflt) {
        return has(key) ? integer(map.get(key), child(key)) : dflt;
    }

    long longInteger(String key, long dflt) {
        return has(key) ? whole(map.get(key), child(key), 64) : dflt;
    }

    double number(String key, double dflt) {
        return has(key) ? number(map.get(key), child(key)) : dflt;
    }

    boolean bool(String key, boolean dflt) {
        Boolean b = boolOrNull(key);
        return b == null ? dflt : b;
    }

    /** A boolean, or null when the key is not given. */
    Boolean boolOrNull(String key) {
        if (!has(key)) {
            return null;
        }
        Object n = map.get(key);
        if (n instanceof Boolean b) {
            return b;
        }
        throw error(child(key), n, "expected true or false, got " + Shown.kind(n));
    }

    /** One of an enum's spec spellings; the error lists them, calling the value by its key. */
    <E extends Enum<E>> E choice(String key, E dflt, E[] values, Function<E, String> id) {
        return has(key) ? choice(map.get(key), child(key), key, values, id) : dflt;
    }

    /** Text turned into a value by {@code parse}, whose IllegalArgumentException message becomes the reason. */
    <T> T parsed(String key, T dflt, Function<String, T> parse) {
        if (!has(key)) {
            return dflt;
        }
        Object n = map.get(key);
        String t = text(n, child(key));
        try {
            return parse.apply(t);
        } catch (IllegalArgumentException e) {
            throw error(child(key), n, e.getMessage());
        }
    }

    // ---- lists; a null default means the key is required ----

    List<Double> numbers(String key, List<Double> dflt) {
        return list(key, dflt, this::number);
    }

    List<Integer> integers(String key, List<Integer> dflt) {
        return list(key, dflt, this::integer);
    }

    List<String> texts(String key, List<String> dflt) {
        return list(key, dflt, this::text);
    }

    <E extends Enum<E>> List<E> choices(String key, List<E> dflt, E[] values, Function<E, String> id) {
        return choices(key, key, dflt, values, id);
    }

    /** As {@link #choices(String, List, Enum[], Function)}, calling one value a {@code kind} in errors. */
    <E extends Enum<E>> List<E> choices(String key, String kind, List<E> dflt, E[] values, Function<E, String> id) {
        return list(key, dflt, (n, p) -> choice(n, p, kind, values, id));
    }

    /** A list of strings (numbers refused), each turned into a value by {@code parse}; see {@link #parsed}. */
    <T> List<T> parsedList(String key, List<T> dflt, Function<String, T> parse, String example) {
        return list(key, dflt, (n, p) -> {
            if (!(n instanceof String s)) {
                throw error(p, n, "expected a string like " + example + ", got " + Shown.kind(n));
            }
            try {
                return parse.apply(s);
            } catch (IllegalArgumentException e) {
                throw error(p, n, e.getMessage());
            }
        });
    }

    private interface Element<T> {
        T read(Object node, String path);
    }

    private <T> List<T> list(String key, List<T> dflt, Element<T> element) {
        if (!has(key)) {
            if (dflt == null) {
                throw error(child(key), null, "missing required key");
            }
            return dflt;
        }
        Object n = map.get(key);
        String p = child(key);
        if (n instanceof Map) {
            throw error(p, n, "expected a list, got " + Shown.kind(n));
        }
        if (!(n instanceof List<?> items)) {
            return List.of(element.read(n, p));
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String pi = p + "[" + i + "]";
            if (items.get(i) == null) {
                throw error(pi, null, "must not be null");
            }
            out.add(element.read(items.get(i), pi));
        }
        return out;
    }

    // ---- building records ----

    /**
     * Builds a record from values read here: a {@link SpecViolation} it throws is reported at the violating
     * field's key path under this section with the value as written; any other IllegalArgumentException (a
     * rule spanning several fields) against this section.
     */
    <T> T build(Supplier<T> make) {
        try {
            return make.get();
        } catch (SpecViolation v) {
            Found f = v.field() == null ? new Found(null, null) : locate(v.field());
            String where = SpecViolation.join(path, f.field());
            String shown = f.node() != null ? Shown.value(f.node()) : v.value();
            throw new SpecException(file, where.isEmpty() ? null : where, shown, v.reason(path), v);
        } catch (IllegalArgumentException e) {
            throw new SpecException(file, path.isEmpty() ? null : path, null, e.getMessage(), e);
        }
    }

    /** An error at one of this section's keys, showing its value when it is given. */
    SpecException error(String key, String reason) {
        return error(child(key), map.get(key), reason);
    }

    private record Found(String field, Object node) {
    }

    /**
     * The node a record field's path names (null when the spec does not hold it, e.g. a default), and the
     * path as the spec spells it: element 0 of a lone scalar read as a one-element list is the key itself.
     */
    private Found locate(String field) {
        Object node = map;
        StringBuilder spelled = new StringBuilder();
        Matcher m = SEGMENT.matcher(field);
        while (m.find()) {
            if (m.group(1) != null) {
                spelled.append(spelled.length() == 0 ? "" : ".").append(m.group(1));
                node = node instanceof Map<?, ?> mm ? mm.get(m.group(1)) : null;
            } else {
                int i = Integer.parseInt(m.group(2));
                if (node instanceof List<?> l) {
                    spelled.append(m.group());
                    node = i < l.size() ? l.get(i) : null;
                } else if (i != 0 || node == null || node instanceof Map) {
                    spelled.append(m.group());
                    node = null;
                }
            }
        }
        return new Found(spelled.toString(), node);
    }

    // ---- values ----

    private Object required(String key) {
        if (!has(key)) {
            throw error(child(key), null, "missing required key");
        }
        return map.get(key);
    }

    private String text(Object n, String p) {
        // Numbers are accepted too: YAML reads an unquoted `name: 2024` as a number.
        if (n instanceof String || n instanceof Number) {
            return String.valueOf(n);
        }
        throw error(p, n, "expected a string, got " + Shown.kind(n));
    }

    private int integer(Object n, String p) {
        return (int) whole(n, p, 32);
    }

    private long whole(Object n, String p, int bits) {
        if (!Shown.integral(n)) {
            throw error(p, n, "expected an integer, got " + Shown.kind(n));
        }
        BigInteger v = n instanceof BigInteger b ? b : BigInteger.valueOf(((Number) n).longValue());
        if (v.bitLength() > bits - 1) {
            throw error(p, n, "out of range for a " + bits + "-bit integer");
        }
        return v.longValue();
    }

    private double number(Object n, String p) {
        if (!(n instanceof Number num)) {
            throw error(p, n, "expected a number, got " + Shown.kind(n));
        }
        double d = num.doubleValue();
        if (!Double.isFinite(d)) {
            throw error(p, n, "must be finite");
        }
        return d;
    }

    private <E extends Enum<E>> E choice(Object n, String p, String kind, E[] values, Function<E, String> id) {
        String t = text(n, p);
        try {
            return Vocabulary.parse(values, id, kind, t);
        } catch (IllegalArgumentException e) {
            throw error(p, n, "unknown " + kind + "; allowed: " + Vocabulary.allowed(values, id));
        }
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private SpecException error(String p, Object node, String reason) {
        return new SpecException(file, p, node == null ? null : Shown.value(node), reason);
    }
}
