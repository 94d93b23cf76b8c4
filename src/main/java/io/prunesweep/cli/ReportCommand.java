package io.prunesweep.cli;

import io.prunesweep.report.MarkdownColumn;
import io.prunesweep.report.ReadmeTables;
import io.prunesweep.report.TableRequest;
import io.prunesweep.storage.StoragePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code prunesweep report}: a sweep's results as a Markdown table, or the generated tables of a document
 * rendered again (so that README's measured tables come from committed result files, never by hand).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Render a finished sweep's results as a Markdown table, or regenerate (or check) the "
                + "tables of a Markdown document that are marked <!-- report: ARGS --> ... <!-- /report -->.",
                "Tables: front (dense baseline, then the front of front.json), rows (every finished row of "
                        + "results/), schedules (validation accuracy by target sparsity and schedule), summary (candidates and "
                        + "wall time of the run that wrote front.json)."})
final class ReportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SWEEP_DIR", arity = "0..1", description = "a sweep's output directory")
    Path dir;

    @Option(names = "--markdown", paramLabel = "FILE", description = "write the table to FILE ('-' = standard "
            + "output, the default)")
    String markdown = "-";

    @Option(names = "--table", paramLabel = "KIND", description = "front (default), rows, schedules, summary "
            + "or target (the front member with the fewest effective FLOPs within 1 pp of dense, against 2×)")
    String table = "front";

    @Option(names = "--columns", paramLabel = "A,B,…", description = "columns of a front or rows table")
    String columns;

    @Option(names = "--readme", paramLabel = "DOC", description = "regenerate every marked table of DOC in place "
            + "(directories relative to the current directory)")
    Path readme;

    @Option(names = "--check", description = "with --readme: change nothing, exit 1 when a table differs from "
            + "its results")
    boolean check;

    @Override
    public Integer call() {
        if (readme != null) {
            return readme();
        }
        if (dir == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give a SWEEP_DIR or --readme DOC");
        }
        String text;
        try {
            List<MarkdownColumn> cols = columns == null ? List.of() : TableRequest.columns(columns);
            text = new TableRequest(dir, table, cols).render();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage() + help());
        }
        if (markdown.equals("-")) {
            System.out.print(text);
        } else {
            write(Path.of(markdown), text);
        }
        return 0;
    }

    private int readme() {
        String doc;
        try {
            doc = Files.readString(readme);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot read " + readme + ": " + e.getMessage());
        }
        Path root = Path.of("").toAbsolutePath();
        try {
            if (check) {
                List<String> diffs = ReadmeTables.mismatches(doc, root);
                diffs.forEach(System.out::println);
                System.out.println(readme + ": " + ReadmeTables.blocks(doc).size() + " generated table(s), "
                        + diffs.size() + " differ from their results");
                return diffs.isEmpty() ? 0 : 1;
            }
            String updated = ReadmeTables.update(doc, root);
            if (!updated.equals(doc)) {
                write(readme, updated);
            }
            System.out.println(readme + ": " + ReadmeTables.blocks(doc).size() + " generated table(s) "
                    + (updated.equals(doc) ? "already up to date" : "regenerated"));
            return 0;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), readme + ": " + e.getMessage());
        }
    }

    private static void write(Path file, String text) {
        try {
            StoragePath.local(file).writeString(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String help() {
        return " (columns: " + Arrays.stream(MarkdownColumn.values()).map(MarkdownColumn::id)
                .collect(Collectors.joining(", ")) + ")";
    }
}
