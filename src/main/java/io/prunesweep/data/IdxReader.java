package io.prunesweep.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import io.prunesweep.storage.StoragePath;

/**
 * Reads the IDX format used by MNIST and Fashion-MNIST: a big-endian header (magic number, then one int
 * per dimension) followed by unsigned bytes. Files may be gzipped.
 */
final class IdxReader {

    /** Magic of an unsigned-byte, 3-dimensional file (images). */
    static final int IMAGES_MAGIC = 0x00000803;
    /** Magic of an unsigned-byte, 1-dimensional file (labels). */
    static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /**
     * Reads an images file and its labels file, scaling pixels to {@code [0, 1]}.
     *
     * @param role "training" or "test", used in messages
     */
    static RawExamples read(StoragePath imagesFile, StoragePath labelsFile, String role) {
        // Check both up front so a user missing several files learns about the labels file too.
        DataFiles.requireReadable(imagesFile, role + " images");
        DataFiles.requireReadable(labelsFile, role + " labels");
        Images images = readImages(imagesFile, role + " images");
        int[] labels = readLabels(labelsFile, role + " labels");
        if (labels.length != images.count) {
            throw new DataException("label count does not match image count: " + labelsFile + " has "
                    + labels.length + " labels but " + imagesFile + " has " + images.count + " images");
        }
        ImageShape shape = new ImageShape(1, images.rows, images.cols);
        return new RawExamples(images.pixels, labels, shape.size(), shape);
    }

    private record Images(int count, int rows, int cols, float[] pixels) {
    }

    static Images readImages(StoragePath file, String role) {
        try (DataInputStream in = new DataInputStream(DataFiles.open(file, role))) {
            requireMagic(file, readHeaderInt(in, file), IMAGES_MAGIC, "images");
            int count = readDimension(in, file, "image count");
            int rows = readDimension(in, file, "rows");
            int cols = readDimension(in, file, "columns");
            long expected = (long) count * rows * cols;
            if (expected > Integer.MAX_VALUE - 8) {
                throw DataException.inFile(file, "header declares " + count + " images of " + rows + "x" + cols
                        + " = " + expected + " bytes, more than fits in memory as one array");
            }
            byte[] bytes = new byte[(int) expected];
            int read = in.readNBytes(bytes, 0, bytes.length);
            if (read < bytes.length) {
                throw DataException.inFile(file, "truncated: header declares " + count + " images of " + rows + "x"
                        + cols + " = " + expected + " bytes but only " + read + " bytes follow");
            }
            float[] pixels = new float[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                pixels[i] = (bytes[i] & 0xff) / 255f;
            }
            return new Images(count, rows, cols, pixels);
        } catch (IOException e) {
            throw DataException.inFile(file, "cannot read " + role + ": " + e.getMessage());
        }
    }

    static int[] readLabels(StoragePath file, String role) {
        try (DataInputStream in = new DataInputStream(DataFiles.open(file, role))) {
            requireMagic(file, readHeaderInt(in, file), LABELS_MAGIC, "labels");
            int count = readDimension(in, file, "label count");
            byte[] bytes = new byte[count];
            int read = in.readNBytes(bytes, 0, count);
            if (read < count) {
                throw DataException.inFile(file, "truncated: header declares " + count + " labels = " + count
                        + " bytes but only " + read + " bytes follow");
            }
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = bytes[i] & 0xff;
            }
            return labels;
        } catch (IOException e) {
            throw DataException.inFile(file, "cannot read " + role + ": " + e.getMessage());
        }
    }

    private static int readHeaderInt(DataInputStream in, StoragePath file) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw DataException.inFile(file, "truncated: file ends inside the IDX header");
        }
    }

    private static int readDimension(DataInputStream in, StoragePath file, String what) throws IOException {
        int value = readHeaderInt(in, file);
        if (value < 0) {
            throw DataException.inFile(file, "invalid IDX header: " + what + " is " + value);
        }
        return value;
    }

    private static void requireMagic(StoragePath file, int found, int expected, String kind) {
        if (found != expected) {
            String hint = found == (kind.equals("images") ? LABELS_MAGIC : IMAGES_MAGIC)
                    ? " (this looks like an IDX " + (kind.equals("images") ? "labels" : "images")
                      + " file; are the image and label paths swapped?)"
                    : "";
            throw DataException.inFile(file, "not an IDX " + kind + " file: expected magic number "
                    + hex(expected) + " (" + expected + ") but found " + hex(found) + " (" + found + ")" + hint);
        }
    }

    private static String hex(int value) {
        return String.format("0x%08x", value);
    }
}
