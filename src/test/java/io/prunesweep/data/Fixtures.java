package io.prunesweep.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small synthetic dataset files for tests. */
final class Fixtures {

    private Fixtures() {
    }

    /** Pixel value of image {@code i} at flat position {@code p}; varied so rows are distinguishable. */
    static int pixel(int i, int p) {
        return (i * 37 + p * 11 + i * p) % 256;
    }

    static byte[] idxImages(int count, int rows, int cols) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(IdxReader.IMAGES_MAGIC);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(cols);
            for (int i = 0; i < count; i++) {
                for (int p = 0; p < rows * cols; p++) {
                    out.writeByte(pixel(i, p));
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    static byte[] idxLabels(int[] labels) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(IdxReader.LABELS_MAGIC);
            out.writeInt(labels.length);
            for (int label : labels) {
                out.writeByte(label);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    static int[] cyclicLabels(int count, int numClasses) {
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (i * 7) % numClasses;
        }
        return labels;
    }

    static Path write(Path file, byte[] content, boolean gzip) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }

    static Path writeText(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /**
     * Writes an MNIST-style directory with the standard file names: {@code trainCount} training and
     * {@code testCount} test images of {@code rows x cols}, labels cycling over 10 classes.
     */
    static Path mnistDir(Path dir, int trainCount, int testCount, int rows, int cols, boolean gzip)
            throws IOException {
        String suffix = gzip ? ".gz" : "";
        write(dir.resolve("train-images-idx3-ubyte" + suffix), idxImages(trainCount, rows, cols), gzip);
        write(dir.resolve("train-labels-idx1-ubyte" + suffix), idxLabels(cyclicLabels(trainCount, 10)), gzip);
        write(dir.resolve("t10k-images-idx3-ubyte" + suffix), idxImages(testCount, rows, cols), gzip);
        write(dir.resolve("t10k-labels-idx1-ubyte" + suffix), idxLabels(cyclicLabels(testCount, 10)), gzip);
        return dir;
    }

    /** A LabeledData of {@code n} rows whose first feature equals the row index, for order checks. */
    static LabeledData indexed(int n, int width, int numClasses) {
        float[] features = new float[n * width];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < width; j++) {
                features[i * width + j] = j == 0 ? i : i * 0.5f + j;
            }
            labels[i] = i % numClasses;
        }
        return new LabeledData("indexed", features, labels, width, numClasses, null);
    }
}
