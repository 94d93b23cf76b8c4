package io.prunesweep.data;

import io.prunesweep.storage.Storage;
import io.prunesweep.storage.StoragePath;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** File access shared by the readers: existence checks with helpful messages and gzip detection. */
final class DataFiles {

    static final String FASHION_MNIST_HINT = "install it with: sudo apt-get install dataset-fashion-mnist";

    private DataFiles() {
    }

    /**
     * Fails with a message naming the file and its role if it is not a readable regular file; for the
     * Fashion-MNIST system location it also says which package provides it.
     */
    static void requireReadable(StoragePath file, String role) {
        String problem;
        if (file.location().isPlainPath()) {
            Path local = file.localPath();
            if (Files.isRegularFile(local) && Files.isReadable(local)) {
                return;
            }
            problem = Files.isDirectory(local) ? "is a directory, not a file"
                    : Files.exists(local) ? "is not readable" : "not found";
        } else {
            try {
                if (file.exists() && !file.isDirectory()) {
                    return; // whether it can be read shows when it is opened
                }
                problem = file.exists() ? "is a directory, not a file" : "not found";
            } catch (IOException e) {
                problem = "cannot be reached: " + Storage.explain(e);
            }
        }
        String message = role + " file " + file + " " + problem;
        if (isUnderFashionMnistDir(file)) {
            message += "; " + FASHION_MNIST_HINT;
        }
        throw new DataException(message);
    }

    private static boolean isUnderFashionMnistDir(StoragePath file) {
        return file.location().isPlainPath()
                && file.localPath().toAbsolutePath().normalize().startsWith(Path.of(DataSource.FASHION_MNIST_DIR));
    }

    /**
     * Opens a file for reading, transparently decompressing it when it starts with the gzip magic
     * {@code 0x1f 0x8b}; the content decides rather than the name, because files get renamed.
     */
    static InputStream open(StoragePath file, String role) {
        requireReadable(file, role);
        try {
            InputStream raw = new BufferedInputStream(file.open(), 1 << 16);
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
            }
            return raw;
        } catch (IOException e) {
            throw DataException.inFile(file, "cannot open " + role + " file: " + e.getMessage());
        }
    }

    /**
     * Parses a class label, which must be a non-negative integer; {@code "3.0"} is accepted because some
     * tools write integer labels as floats, {@code "3.5"} and {@code "-1"} are not.
     *
     * @param where position within the line, e.g. {@code "column 1"}
     */
    static int parseLabel(String text, StoragePath file, long line, String where) {
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw DataException.atLine(file, line, where + ": label is not a number: '" + text + "'");
        }
        if (value < 0) {
            throw DataException.atLine(file, line, where + ": label must be >= 0, got '" + text
                    + "' (remap -1/+1 style labels to 0/1)");
        }
        if (value != Math.rint(value) || value > Integer.MAX_VALUE - 1) {
            throw DataException.atLine(file, line, where + ": label must be an integer class index, got '"
                    + text + "'");
        }
        return (int) value;
    }
}
