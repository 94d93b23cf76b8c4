package io.prunesweep.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's two outputs as they are built: the Markdown report ({@code RESULTS.md}) and the raw
 * measurements ({@code raw.csv}, one {@code section,name,value} line each). Sections append to both.
 */
public final class Report {
    private final StringBuilder md = new StringBuilder();
    private final List<String> raw = new ArrayList<>();

    /** Appends one formatted line (Locale.ROOT, so decimals are dots on every machine). */
    public void line(String fmt, Object... args) {
        md.append(String.format(Locale.ROOT, fmt, args)).append('\n');
    }

    /** Records one raw measurement. */
    public void record(String section, String name, double value) {
        if (section.contains(",") || name.contains(",")) {
            throw new IllegalArgumentException("raw.csv names must not contain commas: " + section + "/" + name);
        }
        raw.add(section + "," + name + "," + String.format(Locale.ROOT, "%.6g", value));
    }

    /** The Markdown written so far. */
    public String markdown() {
        return md.toString();
    }

    /** The raw lines recorded so far, without the header. */
    public List<String> raw() {
        return List.copyOf(raw);
    }

    /** Writes {@code RESULTS.md} and {@code raw.csv} into {@code dir}; returns the Markdown file. */
    public Path write(Path dir) {
        List<String> csv = new ArrayList<>();
        csv.add("section,name,value");
        csv.addAll(raw);
        try {
            Files.writeString(dir.resolve("RESULTS.md"), md.toString(), StandardCharsets.UTF_8);
            Files.write(dir.resolve("raw.csv"), csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the benchmark report in " + dir, e);
        }
        return dir.resolve("RESULTS.md");
    }

    /** Comma-separated values with one decimal, for "all runs" columns. */
    public static String oneDecimal(List<Double> values) {
        return String.join(", ", values.stream().map(d -> String.format(Locale.ROOT, "%.1f", d)).toList());
    }
}
