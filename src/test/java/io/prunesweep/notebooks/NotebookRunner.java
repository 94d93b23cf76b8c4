package io.prunesweep.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the {@code %spark} paragraphs of Zeppelin notes ({@code .zpln}) in order, in one {@code spark-shell}
 * (Spark's Scala 2.12 REPL) with the prunesweep jar on the class path, and fails when any paragraph fails.
 *
 * <p>Each paragraph becomes one {@code -i} file, and the REPL interprets each file as one request, as
 * Zeppelin interprets each paragraph: definitions carry over to later paragraphs, a later paragraph may
 * redefine a name. Each file prints a start marker, the paragraph, then an end marker, so the end marker is
 * printed only when the paragraph compiled and ran without throwing. {@code spark-shell -i} exits 0 even after
 * errors, so success is decided from the output: every paragraph's end marker, no {@code error:} line from
 * the compiler, and the final marker printed just before an explicit {@code sys.exit(0)}.
 *
 * <p>Paragraphs: {@code %spark} (and no magic: the note's default, spark) run as Scala; {@code %spark.sql}
 * runs as {@code z.show(spark.sql(...))}; {@code %md} is skipped; anything else fails the run, so no
 * paragraph goes untested silently. {@code z} is a stand-in for Zeppelin's context with only
 * {@code z.show(df)}, which prints {@code df.show(50, false)}.
 *
 * <p>Class path: {@code target/repl-lib} (spark-repl, scala-compiler) and {@code target/lib} (Spark and the
 * runtime dependencies), {@code --jars target/prunesweep-*.jar}, {@code --properties-file
 * conf/spark-defaults.conf} (Kryo registration required, as in the Zeppelin interpreter the notes
 * describe); the working directory is the project directory, like a Zeppelin interpreter
 * started there. Depends on the JDK and Jackson only, so {@code jobs/run-notebooks.sh} runs it as a
 * single source file without compiling the tests.
 */
public final class NotebookRunner {
    /** Printed when a paragraph starts, then {@code <noteId> <paragraphId>}. */
    public static final String START = "<<<NB-START ";
    /** Printed when a paragraph finished without error, then {@code <noteId> <paragraphId>}. */
    public static final String OK = "<<<NB-OK ";
    /** Printed after the last paragraph, just before {@code sys.exit(0)}. */
    public static final String END = "<<<NB-END>>>";
    private static final Pattern COMPILE_ERROR = Pattern.compile("^\\S*\\.scala:\\d+: error:|^<console>:\\d+: error:|^error:");
    private static final ObjectMapper JSON = new ObjectMapper();

    private NotebookRunner() {
    }

    /**
     * One paragraph of a note.
     *
     * @param noteId      note id
     * @param noteName    note name
     * @param index       position in the note, from 0
     * @param id          paragraph id
     * @param title       title, possibly empty
     * @param interpreter magic without the {@code %}, e.g. {@code spark}, {@code spark.sql}, {@code md}
     * @param body        the text after the magic line
     */
    public record Paragraph(String noteId, String noteName, int index, String id, String title, String interpreter,
                            String body) {
        /** Whether the runner executes it. */
        public boolean runs() {
            return interpreter.equals("spark") || interpreter.equals("spark.sql");
        }

        /** The Scala this paragraph runs as. */
        public String scala() {
            return switch (interpreter) {
                case "spark" -> body;
                case "spark.sql" -> "z.show(spark.sql(\"\"\"" + body.replace("\"\"\"", "\\\"\\\"\\\"") + "\"\"\"))";
                default -> throw new IllegalStateException("not a Spark paragraph: %" + interpreter);
            };
        }

        /** {@code note name #index (title)} for messages. */
        public String label() {
            return "'" + noteName + "' paragraph " + (index + 1) + (title.isEmpty() ? "" : " (" + title + ")");
        }

        String marker() {
            return noteId + " " + id + ">>>";
        }
    }

    /**
     * A note.
     *
     * @param file       its {@code .zpln} file
     * @param id         note id
     * @param name       note name
     * @param paragraphs paragraphs in order
     */
    public record Note(Path file, String id, String name, List<Paragraph> paragraphs) {
    }

    /**
     * What a run did.
     *
     * @param ok       whether every paragraph succeeded and the REPL reached the end
     * @param failures what went wrong, empty when ok
     * @param ran      the executed paragraphs, in order
     * @param output   the REPL's stdout and stderr lines
     * @param millis   wall time of the REPL
     */
    public record Result(boolean ok, List<String> failures, List<Paragraph> ran, List<String> output, long millis) {
    }

    /**
     * Run settings.
     *
     * @param home     project directory: target/ jars, conf/, and the REPL's working directory
     * @param work     directory for the generated scripts and the log
     * @param env      extra environment for the REPL (e.g. PRUNESWEEP_SPEC, PRUNESWEEP_OUT)
     * @param timeoutS seconds before the REPL is killed and the run fails
     * @param echo     where REPL output is echoed as it comes, or null
     */
    public record Options(Path home, Path work, Map<String, String> env, long timeoutS, PrintStream echo) {
    }

    /** Reads a {@code .zpln} note (Zeppelin 0.9+ JSON). */
    public static Note read(Path zpln) {
        try {
            JsonNode root = JSON.readTree(Files.readString(zpln));
            String noteId = root.path("id").asText();
            String name = root.path("name").asText();
            String defaultMagic = root.path("defaultInterpreterGroup").asText("spark");
            List<Paragraph> ps = new ArrayList<>();
            int i = 0;
            for (JsonNode p : root.path("paragraphs")) {
                String text = p.path("text").asText("");
                String magic = defaultMagic;
                String body = text;
                Matcher m = Pattern.compile("^\\s*%(\\S+)[ \\t]*\\r?\\n?").matcher(text);
                if (m.find()) {
                    magic = m.group(1);
                    body = text.substring(m.end());
                }
                ps.add(new Paragraph(noteId, name, i++, p.path("id").asText(), p.path("title").asText(""), magic, body));
            }
            return new Note(zpln, noteId, name, List.copyOf(ps));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read note " + zpln, e);
        }
    }

    /** The {@code .zpln} files of a directory (recursively), sorted by path, or the file itself. */
    public static List<Path> notes(Path dirOrFile) {
        if (Files.isRegularFile(dirOrFile)) {
            return List.of(dirOrFile);
        }
        try (Stream<Path> s = Files.walk(dirOrFile)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".zpln")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dirOrFile, e);
        }
    }

    /**
     * The flags every JVM that runs Spark on Java 17 needs: {@code conf/jvm.options}, their one source. Parsed
     * here rather than through the test helpers because this class also runs alone as a source file.
     */
    static List<String> java17Opens(Path home) throws IOException {
        return settingLines(home.resolve("conf/jvm.options"));
    }

    /** The native environment (OMP_NUM_THREADS, ...) of {@code conf/native-env}, NAME=VALUE lines. */
    static Map<String, String> nativeEnv(Path home) throws IOException {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (String line : settingLines(home.resolve("conf/native-env"))) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IOException("conf/native-env: expected NAME=VALUE, found '" + line + "'");
            }
            env.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return env;
    }

    /** Non-blank lines without comments (# to the end of the line), trimmed. */
    private static List<String> settingLines(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            int hash = l.indexOf('#');
            String v = (hash < 0 ? l : l.substring(0, hash)).trim();
            if (!v.isEmpty()) {
                out.add(v);
            }
        }
        return out;
    }

    /** Runs every Spark paragraph of the notes, in order, in one REPL. */
    public static Result run(List<Note> notes, Options o) throws IOException, InterruptedException {
        List<String> failures = new ArrayList<>();
        List<Paragraph> ran = new ArrayList<>();
        for (Note n : notes) {
            for (Paragraph p : n.paragraphs()) {
                if (p.runs()) {
                    ran.add(p);
                } else if (!p.interpreter().equals("md")) {
                    failures.add(p.label() + ": interpreter %" + p.interpreter() + " is not supported by the runner");
                }
            }
        }
        if (!failures.isEmpty()) {
            return new Result(false, failures, ran, List.of(), 0);
        }
        Path home = o.home().toAbsolutePath().normalize();
        Path jar;
        try (Stream<Path> s = Files.list(home.resolve("target"))) {
            jar = s.filter(p -> p.getFileName().toString().matches("prunesweep-.*\\.jar")
                    && !p.getFileName().toString().matches(".*-(sources|javadoc|tests)\\.jar")).findFirst().orElse(null);
        }
        for (Path need : new Path[] {home.resolve("target/lib"), home.resolve("target/repl-lib")}) {
            if (!Files.isDirectory(need)) {
                return new Result(false, List.of(need + " is missing: run mvn -B verify (or jobs/run-notebooks.sh)"),
                        ran, List.of(), 0);
            }
        }
        if (jar == null) {
            return new Result(false, List.of("no target/prunesweep-*.jar: run mvn -B package first"), ran, List.of(), 0);
        }

        Path work = o.work().toAbsolutePath();
        Files.createDirectories(work);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx2g");
        cmd.addAll(java17Opens(home));
        cmd.add("-Dscala.usejavacp=true");
        cmd.add("-Dlog4j2.configurationFile=" + home.resolve("conf/log4j2.properties"));
        cmd.add("-cp");
        cmd.add(home.resolve("target/repl-lib") + "/*" + java.io.File.pathSeparator + home.resolve("target/lib") + "/*");
        cmd.addAll(List.of("org.apache.spark.deploy.SparkSubmit", "--class", "org.apache.spark.repl.Main",
                "--master", "local[2]", "--properties-file", home.resolve("conf/spark-defaults.conf").toString(),
                // conf/spark-defaults.conf binds the driver to 127.0.0.1; it must advertise that address too,
                // or local executors cannot fetch the --jars from it.
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.ui.enabled=false",
                // as the notes ask of the Zeppelin interpreter: they run arbitrary Spark SQL (nested JSON: ArrayType
                // ...) that the registrator does not list; prunesweep's own classes stay registered.
                "--jars", jar.toString(), "spark-shell"));

        Path pre = work.resolve("000-preamble.scala");
        Files.writeString(pre, """
                // Stand-in for Zeppelin's ZeppelinContext: only what the notes use.
                object z {
                  def show(df: org.apache.spark.sql.Dataset[_]): Unit = df.show(50, false)
                }
                println("%spreamble>>>")
                """.formatted(OK));
        cmd.addAll(List.of("-i", pre.toString()));
        int k = 1;
        for (Paragraph p : ran) {
            Path f = work.resolve(String.format("%03d-%s-%02d.scala", k++, p.noteId(), p.index() + 1));
            Files.writeString(f, "println(\"" + START + p.marker() + "\")\n" + p.scala() + "\nprintln(\"" + OK
                    + p.marker() + "\")\n");
            cmd.addAll(List.of("-i", f.toString()));
        }
        Path end = work.resolve(String.format("%03d-end.scala", k));
        Files.writeString(end, "println(\"" + END + "\")\nsys.exit(0)\n");
        cmd.addAll(List.of("-i", end.toString()));

        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = pb.environment();
        nativeEnv(home).forEach(env::putIfAbsent);
        env.putAll(o.env());
        long t0 = System.nanoTime();
        Process proc = pb.start();
        List<String> out = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    out.add(line);
                    if (o.echo() != null) {
                        o.echo().println(line);
                    }
                }
            } catch (IOException e) {
                out.add("runner: cannot read REPL output: " + e);
            }
        }, "notebook-repl-output");
        reader.start();
        boolean finished = proc.waitFor(o.timeoutS(), TimeUnit.SECONDS);
        if (!finished) {
            proc.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            failures.add("timed out after " + o.timeoutS() + " s");
        }
        reader.join(10_000);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        List<String> lines = List.copyOf(out);
        Files.write(work.resolve("repl.log"), lines, StandardCharsets.UTF_8);
        failures.addAll(check(lines, ran));
        if (finished && proc.exitValue() != 0) {
            failures.add("spark-shell exited with " + proc.exitValue());
        }
        return new Result(failures.isEmpty(), List.copyOf(failures), List.copyOf(ran), lines, millis);
    }

    /** What the output says went wrong: missing markers (first failing paragraph with its output) and errors. */
    static List<String> check(List<String> lines, List<Paragraph> ran) {
        List<String> failures = new ArrayList<>();
        if (!lines.contains(OK + "preamble>>>")) {
            failures.add("the runner's preamble did not run");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            index.putIfAbsent(lines.get(i), i);
        }
        boolean reported = false;
        for (Paragraph p : ran) {
            if (!index.containsKey(OK + p.marker())) {
                String msg = p.label() + ": failed (no success marker)";
                if (!reported) {
                    Integer s = index.get(START + p.marker());
                    int from = s != null ? s + 1 : Math.max(0, lines.size() - 40);
                    int to = from;
                    while (to < lines.size() && to < from + 40 && !lines.get(to).startsWith(START)
                            && !lines.get(to).equals(END)) {
                        to++;
                    }
                    msg += s == null ? " - it did not compile or did not start; output:\n  " : "; output:\n  ";
                    msg += String.join("\n  ", lines.subList(from, to));
                    reported = true;
                }
                failures.add(msg);
            }
        }
        for (String l : lines) {
            if (COMPILE_ERROR.matcher(l).find()) {
                failures.add("compiler: " + l);
            }
        }
        if (!lines.contains(END)) {
            failures.add("the REPL did not reach the end of the notes (" + END + " missing)");
        }
        return failures;
    }

    /**
     * {@code NotebookRunner [--home DIR] [--work DIR] [--timeout SECONDS] [NOTE.zpln|DIR ...]} (default
     * {@code notebooks/}). Environment (PRUNESWEEP_SPEC, PRUNESWEEP_OUT, ...) passes through to the notes.
     * Exit 0 when every paragraph succeeded, 1 otherwise.
     */
    public static void main(String[] args) throws Exception {
        Path home = Path.of(".");
        Path work = null;
        long timeout = 1800;
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--home" -> home = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--timeout" -> timeout = Long.parseLong(args[++i]);
                default -> inputs.add(Path.of(args[i]));
            }
        }
        if (inputs.isEmpty()) {
            inputs.add(home.resolve("notebooks"));
        }
        if (work == null) {
            work = Files.createTempDirectory("prunesweep-notebooks");
        }
        List<Note> notes = new ArrayList<>();
        for (Path in : inputs) {
            notes(in).forEach(f -> notes.add(read(f)));
        }
        Result r = run(notes, new Options(home, work, Map.of(), timeout, System.out));
        System.out.println();
        for (Paragraph p : r.ran()) {
            boolean ok = r.output().contains(OK + p.marker());
            System.out.println((ok ? "ok      " : "FAILED  ") + p.label());
        }
        System.out.printf("%d paragraph(s) of %d note(s) in %.1f s; scripts and repl.log in %s%n", r.ran().size(),
                notes.size(), r.millis() / 1000.0, work);
        if (!r.ok()) {
            System.out.println("FAILED:");
            r.failures().forEach(f -> System.out.println("  " + f));
            System.exit(1);
        }
        System.out.println("all notebook paragraphs ran");
    }
}
