package io.prunesweep.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A sweep's output directory and its per-candidate result files. Each finished candidate is one file,
 * {@code results/<candidateId>.json}, written by the task itself through a temp file and an atomic
 * rename: a result is either absent or complete, a retried task overwrites its own identical file (never a
 * duplicate), and nothing finished depends on the driver surviving.
 *
 * <p>Layout: {@code sweep.json} (marker: this directory belongs to a prunesweep sweep),
 * {@code results/}, {@code candidates/} (each candidate's masked model, masks and shrunk model),
 * {@code base/} (the trained base model), {@code models/} (front members), and the aggregate files.
 */
public final class ResultStore {
    /** Marker file name identifying a sweep directory. */
    public static final String MARKER = "sweep.json";

    private final Path root;

    /** A store rooted at {@code root} (nothing is created until {@link #open}). */
    public ResultStore(Path root) {
        this.root = root;
    }

    /** The root directory. */
    public Path root() {
        return root;
    }

    /** {@code results/}. */
    public Path resultsDir() {
        return root.resolve("results");
    }

    /** {@code candidates/}. */
    public Path candidatesDir() {
        return root.resolve("candidates");
    }

    /**
     * Checks that {@code root} can hold this sweep, then creates the layout. Refuses, before any work, a path
     * that is a file, a non-empty directory that is not a prunesweep sweep (naming what is there), and a
     * directory that cannot be written.
     *
     * @param sweepName name recorded in the marker
     * @throws ResultStoreException with exit code 2 for each of those
     */
    public void open(String sweepName) {
        // hdfs://, s3a://... would be taken as a relative local path and results would land on one machine
        java.util.regex.Matcher uri = java.util.regex.Pattern.compile("([A-Za-z][A-Za-z0-9+.-]+):/").matcher(root.toString());
        if (uri.find()) {
            throw new ResultStoreException("output path " + root + " looks like a " + uri.group(1) + ": URI; prunesweep "
                    + "writes results with local file I/O, so --out must be a plain directory path that every "
                    + "executor sees at the same place (a local disk for local[*], NFS or similar on a cluster)", 2);
        }
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new ResultStoreException("output path " + root + " is a file, not a directory", 2);
        }
        if (Files.isDirectory(root) && !Files.exists(root.resolve(MARKER))) {
            List<String> entries = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
                ds.forEach(p -> entries.add(p.getFileName().toString()));
            } catch (IOException e) {
                throw new ResultStoreException("cannot list output directory " + root + ": " + e.getMessage(), 2);
            }
            if (!entries.isEmpty()) {
                entries.sort(null);
                throw new ResultStoreException("output directory " + root + " is not empty and is not a prunesweep sweep"
                        + " (no " + MARKER + "); it holds: " + String.join(", ", entries.subList(0, Math.min(10,
                        entries.size()))) + (entries.size() > 10 ? ", ..." : "") + ". Choose another --out.", 2);
            }
        }
        try {
            Files.createDirectories(resultsDir());
            Files.createDirectories(candidatesDir());
            Path probe = Files.createTempFile(root, ".write-probe", ".tmp");
            Files.delete(probe);
            if (!Files.exists(root.resolve(MARKER))) {
                AtomicFiles.write(root.resolve(MARKER), Json.pretty(Map.of(
                        "format", "prunesweep-sweep/1", "name", sweepName,
                        "created", java.time.Instant.now().toString())));
            }
        } catch (IOException e) {
            throw new ResultStoreException("output directory " + root + " is not writable: " + e, 2);
        }
    }

    /** Writes one result atomically; safe to call again for the same candidate (retries). */
    public void write(ResultRow row) {
        try {
            Files.createDirectories(resultsDir());
            AtomicFiles.write(resultsDir().resolve(row.candidateId() + ".json"), Json.pretty(row));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write result of " + row.candidateId() + " to " + resultsDir(), e);
        }
    }

    /** Ids of candidates with a result file (ok or failed). */
    public Set<String> doneIds() {
        Set<String> ids = new TreeSet<>();
        if (!Files.isDirectory(resultsDir())) {
            return ids;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(resultsDir(), "*.json")) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!n.startsWith(".")) {
                    ids.add(n.substring(0, n.length() - 5));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + resultsDir(), e);
        }
        return ids;
    }

    /** Reads one result. */
    public ResultRow read(String id) {
        Path p = resultsDir().resolve(id + ".json");
        try {
            return Json.read(Files.readAllBytes(p), ResultRow.class);
        } catch (IOException e) {
            throw new ResultStoreException("result file " + p + " is unreadable: " + e.getMessage(), 1);
        }
    }

    /** Every result in the store, sorted by candidate id. */
    public List<ResultRow> readAll() {
        List<ResultRow> rows = new ArrayList<>();
        for (String id : doneIds()) {
            rows.add(read(id));
        }
        rows.sort(Comparator.comparing(ResultRow::candidateId));
        return rows;
    }

    /** Removes failed results so they run again ({@code --retry-failed}); ok results are never touched. */
    public int forgetFailed() {
        int n = 0;
        for (ResultRow r : readAll()) {
            if (!r.ok()) {
                forget(r.candidateId());
                n++;
            }
        }
        return n;
    }

    /** Removes one candidate's result so that it runs again; a candidate without one is left as it is. */
    public void forget(String id) {
        Path p = resultsDir().resolve(id + ".json");
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + p, e);
        }
    }
}
