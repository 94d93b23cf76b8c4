package io.prunesweep.results;

import io.prunesweep.storage.Storage;
import io.prunesweep.storage.StoragePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A sweep's output directory and its per-candidate result files. Each finished candidate is one file,
 * {@code results/<candidateId>.json}, written by the task itself so that a reader sees all of it or none
 * ({@link Storage#write}: a temporary file and an atomic rename on local disks and HDFS, one upload at the
 * final name on object stores): a retried task overwrites its own identical file (never a duplicate), and
 * nothing finished depends on the driver surviving.
 *
 * <p>The directory is a plain path or a Hadoop file-system URI ({@code hdfs://}, {@code s3a://},
 * {@code file:}); executors write to it through the same storage, so no shared POSIX path is needed.
 *
 * <p>Layout: {@code sweep.json} (marker: this directory belongs to a prunesweep sweep),
 * {@code results/}, {@code candidates/} (each candidate's masked model, masks and shrunk model),
 * {@code base/} (the trained base model), {@code models/} (front members), and the aggregate files.
 */
public final class ResultStore {
    /** Marker file name identifying a sweep directory. */
    public static final String MARKER = "sweep.json";

    private final StoragePath root;

    /** A store rooted at {@code root} (nothing is created until {@link #open}). */
    public ResultStore(StoragePath root) {
        this.root = root;
    }

    /** A store rooted at the local directory {@code root}. */
    public ResultStore(Path root) {
        this(StoragePath.local(root));
    }

    /** The root directory. */
    public StoragePath root() {
        return root;
    }

    /** {@code results/}. */
    public StoragePath resultsDir() {
        return root.resolve("results");
    }

    /** {@code candidates/}. */
    public StoragePath candidatesDir() {
        return root.resolve("candidates");
    }

    /**
     * Checks that {@code root} can hold this sweep, then creates the layout. Refuses, before any work, a path
     * that is a file, a non-empty directory that is not a prunesweep sweep (naming what is there), a directory
     * that cannot be written, and a store that cannot be reached at all (an unknown URI scheme, a namenode
     * that does not answer, a missing bucket, no permission).
     *
     * @param sweepName name recorded in the marker
     * @throws ResultStoreException with exit code 2 for each of those
     */
    public void open(String sweepName) {
        StoragePath marker = root.resolve(MARKER);
        try {
            if (root.exists() && !root.isDirectory()) {
                throw new ResultStoreException("output path " + root + " is a file, not a directory", 2);
            }
            List<String> entries = root.list();
            if (!entries.isEmpty() && !entries.contains(MARKER)) {
                throw new ResultStoreException("output directory " + root + " is not empty and is not a prunesweep sweep"
                        + " (no " + MARKER + "); it holds: " + String.join(", ", entries.subList(0, Math.min(10,
                        entries.size()))) + (entries.size() > 10 ? ", ..." : "") + ". Choose another --out.", 2);
            }
        } catch (IOException e) {
            throw new ResultStoreException("output directory " + root + " cannot be read: " + Storage.explain(e), 2);
        }
        try {
            resultsDir().mkdirs();
            candidatesDir().mkdirs();
            // a directory that exists and lists may still refuse writes (read-only mount, bucket policy)
            StoragePath probe = root.resolve(".write-probe-" + UUID.randomUUID() + ".tmp");
            probe.write(new byte[0]);
            probe.delete();
            if (!marker.exists()) {
                marker.write(Json.pretty(Map.of("format", "prunesweep-sweep/1", "name", sweepName,
                        "created", Instant.now().toString())));
            }
        } catch (IOException e) {
            throw new ResultStoreException("output directory " + root + " is not writable: " + Storage.explain(e), 2);
        }
    }

    /** Writes one result atomically; safe to call again for the same candidate (retries). */
    public void write(ResultRow row) {
        try {
            resultsDir().resolve(row.candidateId() + ".json").write(Json.pretty(row));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write result of " + row.candidateId() + " to " + resultsDir(), e);
        }
    }

    /** Ids of candidates with a result file (ok or failed). */
    public Set<String> doneIds() {
        Set<String> ids = new TreeSet<>();
        try {
            for (String n : resultsDir().list()) {
                // hidden names are files being written (temporary files of an atomic write)
                if (n.endsWith(".json") && !n.startsWith(".")) {
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
        StoragePath p = resultsDir().resolve(id + ".json");
        try {
            return Json.read(p.readBytes(), ResultRow.class);
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
        StoragePath p = resultsDir().resolve(id + ".json");
        try {
            p.delete();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + p, e);
        }
    }
}
