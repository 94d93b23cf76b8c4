package io.prunesweep.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Shared parsing for the spec's lower-case vocabulary enums, so every enum reports errors alike. */
final class Vocabulary {

    private Vocabulary() {
    }

    static <E extends Enum<E>> E parse(E[] values, Function<E, String> id, String kind, String text) {
        Objects.requireNonNull(text, kind);
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (E e : values) {
            if (id.apply(e).equals(wanted)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + kind + " '" + text + "'; allowed: " + allowed(values, id));
    }

    static <E extends Enum<E>> String allowed(E[] values, Function<E, String> id) {
        return Arrays.stream(values).map(id).collect(Collectors.joining(", "));
    }
}
