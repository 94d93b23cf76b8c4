package io.prunesweep.cli;

import io.prunesweep.spec.SpecException;
import io.prunesweep.spec.SpecLoader;
import io.prunesweep.storage.Location;
import io.prunesweep.storage.Storage;
import io.prunesweep.storage.StoragePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A spec given as a URI ({@code hdfs://nn/specs/nightly.yaml}, {@code file:/...}): read through Hadoop's
 * FileSystem and validated under its URI, so every error names what the user typed, then copied to a local file
 * that the run reads (the sweep reads its spec as a local file; a spec is a few hundred bytes).
 */
final class SpecCopy {
    private SpecCopy() {
    }

    /**
     * @param spec    the {@code --spec} argument: a plain path or a URI
     * @param storage what a URI is read with
     * @return the plain path as given, a {@code file:} URI's local path, or a local copy of any other URI
     * @throws SpecException (exit 2) naming the URI when it cannot be read or does not hold a valid spec
     */
    static Path local(String spec, Storage storage) {
        Location where = Location.of(spec);
        if (where.isPlainPath()) {
            return Path.of(spec);
        }
        if (where.isLocal()) {
            return where.localPath();
        }
        String text;
        try {
            StoragePath file = StoragePath.of(storage, spec);
            if (!file.exists()) {
                throw new SpecException(spec, null, null, "spec file not found");
            }
            text = file.readString();
        } catch (IOException | RuntimeException e) {
            if (e instanceof SpecException se) {
                throw se;
            }
            throw new SpecException(spec, null, null, "cannot read spec file: " + (e instanceof IOException io
                    ? Storage.explain(io) : e.getMessage()), e);
        }
        SpecLoader.parse(text, spec); // errors name the URI, not the copy
        try {
            Path dir = Files.createTempDirectory("prunesweep-spec");
            String name = where.toString().substring(where.toString().lastIndexOf('/') + 1);
            Path copy = dir.resolve(name.isEmpty() ? "spec.yaml" : name);
            Files.writeString(copy, text, StandardCharsets.UTF_8);
            copy.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            System.out.println("spec " + spec + " (run from its local copy " + copy + ")");
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the spec " + spec + " to a local file", e);
        }
    }
}
