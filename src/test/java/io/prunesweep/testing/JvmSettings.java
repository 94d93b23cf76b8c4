package io.prunesweep.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JVM settings read from their one source, {@code conf/jvm.options} (a java @argument file) and
 * {@code conf/native-env} (NAME=VALUE lines), for tests that start JVMs of their own.
 */
public final class JvmSettings {
    private JvmSettings() {
    }

    /** The options of {@code <home>/conf/jvm.options}, comments and blank lines dropped. */
    public static List<String> options(Path home) {
        List<String> out = new ArrayList<>();
        for (String line : lines(home.resolve("conf/jvm.options"))) {
            if (!line.isEmpty()) {
                out.add(line);
            }
        }
        return List.copyOf(out);
    }

    /** The settings of {@code <home>/conf/native-env}, in file order. */
    public static Map<String, String> nativeEnv(Path home) {
        Path file = home.resolve("conf/native-env");
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : lines(file)) {
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0 || line.substring(eq + 1).isBlank()) {
                throw new IllegalArgumentException(file + ": expected NAME=VALUE, found '" + line + "'");
            }
            out.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return out;
    }

    /** Lines without comments (# to the end of the line), trimmed. */
    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().map(l -> {
                int hash = l.indexOf('#');
                return (hash < 0 ? l : l.substring(0, hash)).trim();
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
