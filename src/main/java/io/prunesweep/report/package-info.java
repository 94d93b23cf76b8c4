/**
 * Output of a finished sweep: the full results as CSV ({@link io.prunesweep.report.CsvWriter}, the columns of
 * {@link io.prunesweep.results.ResultColumns}), the
 * Pareto front with a provenance summary as JSON ({@link io.prunesweep.report.JsonWriter}), and one
 * self-contained HTML report with an inline SVG Pareto plot ({@link io.prunesweep.report.HtmlReport}).
 *
 * <p>Every file is written atomically (a temporary file in the target directory, then an atomic move),
 * so a reader never sees a half-written report and a crashed driver never leaves one behind. Missing
 * measurements (NaN) become empty CSV cells, JSON {@code null} and "–" in HTML.
 *
 * <p>This package depends on {@code results} (and through it the value packages) and Jackson only, never on
 * {@code sweep}: it must run on a driver or a laptop that has neither Spark nor DL4J on its classpath.
 */
package io.prunesweep.report;
