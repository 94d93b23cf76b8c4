package io.prunesweep.data;

import java.io.Serializable;

/**
 * Layout of one example when it is an image stored row-major as {@code channels × height × width}
 * values, so that convolutional models can reshape the flat feature vector.
 *
 * @param channels number of channels, positive
 * @param height   rows per channel, positive
 * @param width    columns per row, positive
 */
public record ImageShape(int channels, int height, int width) implements Serializable {

    /** @throws DataException if any dimension is not positive or the product overflows an int */
    public ImageShape {
        requirePositive("channels", channels);
        requirePositive("height", height);
        requirePositive("width", width);
        if ((long) channels * height * width > Integer.MAX_VALUE) {
            throw new DataException("image shape " + channels + "x" + height + "x" + width
                    + " has more than " + Integer.MAX_VALUE + " values");
        }
    }

    private static void requirePositive(String field, int value) {
        if (value <= 0) {
            throw new DataException("image " + field + " must be positive, got " + value);
        }
    }

    /** @return number of values per example: {@code channels * height * width} */
    public int size() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
