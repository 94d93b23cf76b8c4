package io.prunesweep.data;

/**
 * What a reader produces from one file, before the loader assigns class counts and splits.
 * Package-private carrier; the arrays are owned by whoever receives it.
 *
 * @param features   row-major {@code labels.length × width} values
 * @param labels     non-negative class labels
 * @param width      features per example
 * @param imageShape image layout, or {@code null}
 */
record RawExamples(float[] features, int[] labels, int width, ImageShape imageShape) {

    int size() {
        return labels.length;
    }

    int maxLabel() {
        int max = -1;
        for (int label : labels) {
            max = Math.max(max, label);
        }
        return max;
    }
}
