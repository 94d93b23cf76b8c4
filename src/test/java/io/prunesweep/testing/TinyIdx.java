package io.prunesweep.testing;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntBinaryOperator;
import java.util.function.IntUnaryOperator;

/**
 * Tiny generated datasets in the IDX layout Fashion-MNIST ships in ({@code <prefix>-images-idx3-ubyte} and
 * {@code <prefix>-labels-idx1-ubyte}), for tests that must not depend on the real files or want an image shape of
 * their own.
 */
public final class TinyIdx {
    private TinyIdx() {
    }

    /** The pixel most tests use: distinct per image and position, 0..255. */
    public static int pixel(int image, int position) {
        return (image * 31 + position * 7) & 0xff;
    }

    /**
     * Writes {@code count} images of {@code rows}×{@code cols} and their labels under {@code dir}.
     *
     * @param prefix {@code train} or {@code t10k}
     * @param label  image index → label
     * @param pixel  (image index, pixel position in row-major order) → value in 0..255
     */
    public static void write(Path dir, String prefix, int count, int rows, int cols, IntUnaryOperator label,
                             IntBinaryOperator pixel) throws IOException {
        Files.createDirectories(dir);
        try (DataOutputStream images = new DataOutputStream(Files.newOutputStream(
                dir.resolve(prefix + "-images-idx3-ubyte")));
                DataOutputStream labels = new DataOutputStream(Files.newOutputStream(
                        dir.resolve(prefix + "-labels-idx1-ubyte")))) {
            images.writeInt(0x803);
            images.writeInt(count);
            images.writeInt(rows);
            images.writeInt(cols);
            labels.writeInt(0x801);
            labels.writeInt(count);
            for (int i = 0; i < count; i++) {
                for (int p = 0; p < rows * cols; p++) {
                    images.writeByte(pixel.applyAsInt(i, p));
                }
                labels.writeByte(label.applyAsInt(i));
            }
        }
    }
}
