package io.prunesweep.sweep;

import io.prunesweep.results.SweepOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The front of every scheduled run, kept under {@code <out>/history/<UTC timestamp>/} with one line per
 * run in {@code history/index.csv}, so a user can see how the front moved when the base model or the data
 * changed.
 */
public final class SweepHistory {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private SweepHistory() {
    }

    /** Copies this run's front files into a new history entry and appends the index line; returns the entry. */
    public static Path record(PreparedSweep p, SweepOutcome o, long ran) {
        Path root = p.store().root();
        Path hist = root.resolve("history");
        String stamp = STAMP.format(Instant.now());
        Path entry = hist.resolve(stamp);
        try {
            for (int i = 1; Files.exists(entry); i++) {
                entry = hist.resolve(stamp + "-" + i);
            }
            Files.createDirectories(entry);
            for (String f : new String[] {"front.json", "front.csv"}) {
                Files.copy(root.resolve(f), entry.resolve(f), StandardCopyOption.COPY_ATTRIBUTES);
            }
            Path index = hist.resolve("index.csv");
            if (!Files.exists(index)) {
                Files.writeString(index, "run,specHash,modelFingerprint,dataFingerprint,candidates,ranThisRun,failed,"
                        + "frontSize,hypervolume\n", StandardCharsets.UTF_8);
            }
            String line = String.join(",", entry.getFileName().toString(), p.spec().specHash(),
                    p.base().fingerprint(), p.splits().fingerprint(), String.valueOf(p.candidates().size()),
                    String.valueOf(ran), String.valueOf(o.failed()), String.valueOf(o.front().size()),
                    String.valueOf(o.hypervolume())) + "\n";
            Files.writeString(index, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            return entry;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record history in " + hist, e);
        }
    }

}
