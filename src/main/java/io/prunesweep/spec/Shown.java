package io.prunesweep.spec;

import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** How the values of a plain YAML tree (see {@link Section}) are named and shown in error messages. */
final class Shown {

    private Shown() {
    }

    /** A value as written: scalars as their text, mappings and lists as JSON, cut at 80 characters. */
    static String value(Object n) {
        String s = n instanceof Map || n instanceof List ? json(n) : String.valueOf(n);
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private static String json(Object n) {
        if (n instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                sb.append(json(String.valueOf(e.getKey()))).append(':').append(json(e.getValue()));
                sb.append(it.hasNext() ? "," : "");
            }
            return sb.append('}').toString();
        }
        if (n instanceof List<?> l) {
            return l.stream().map(Shown::json).collect(Collectors.joining(",", "[", "]"));
        }
        if (n instanceof String s) {
            StringBuilder sb = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\t' -> sb.append("\\t");
                    case '\r' -> sb.append("\\r");
                    default -> sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
                }
            }
            return sb.append('"').toString();
        }
        return String.valueOf(n);
    }

    static String kind(Object n) {
        if (n instanceof String) {
            return "a string";
        } else if (n instanceof Number) {
            return "a number";
        } else if (n instanceof Boolean) {
            return "a boolean";
        } else if (n instanceof Map) {
            return "a mapping";
        } else if (n instanceof List) {
            return "a list";
        } else if (n == null) {
            return "nothing";
        }
        return n.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    static boolean integral(Object n) {
        return n instanceof Integer || n instanceof Long || n instanceof BigInteger || n instanceof Short
                || n instanceof Byte;
    }
}
