package io.prunesweep.sweep;

import io.prunesweep.results.SweepOutcome;
import io.prunesweep.storage.StoragePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The front of every scheduled run, kept under {@code <out>/history/<UTC timestamp>/} with one line per
 * run in {@code history/index.csv}, so a user can see how the front moved when the base model or the data
 * changed. The index is rewritten whole, not appended to, since object stores cannot append; the sweep's
 * lock keeps two runs from doing so at once.
 */
public final class SweepHistory {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private SweepHistory() {
    }

    /** Copies this run's front files into a new history entry and appends the index line; returns the entry. */
    public static StoragePath record(PreparedSweep p, SweepOutcome o, long ran) {
        StoragePath root = p.store().root();
        StoragePath hist = root.resolve("history");
        String stamp = STAMP.format(Instant.now());
        StoragePath entry = hist.resolve(stamp);
        try {
            for (int i = 1; entry.exists(); i++) {
                entry = hist.resolve(stamp + "-" + i);
            }
            entry.mkdirs();
            for (String f : new String[] {"front.json", "front.csv"}) {
                entry.resolve(f).write(root.resolve(f).readBytes());
            }
            StoragePath index = hist.resolve("index.csv");
            String before = index.exists() ? index.readString() : "run,specHash,modelFingerprint,dataFingerprint,"
                    + "candidates,ranThisRun,failed,frontSize,hypervolume\n";
            String line = String.join(",", entry.name(), p.spec().specHash(),
                    p.base().fingerprint(), p.splits().fingerprint(), String.valueOf(p.candidates().size()),
                    String.valueOf(ran), String.valueOf(o.failed()), String.valueOf(o.front().size()),
                    String.valueOf(o.hypervolume())) + "\n";
            index.writeString(before + line);
            return entry;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record history in " + hist, e);
        }
    }

}
