package io.prunesweep.data;

import java.io.Serializable;

/**
 * Which columns of a table ({@link DataFormat#PARQUET}) hold a dataset, the Spark ML way: one column of features
 * and one numeric label column, named as Spark ML's estimators name them by default.
 *
 * @param features column holding each example's features: a Spark ML vector ({@code VectorUDT}, dense or sparse)
 *                 or an {@code array<float>} / {@code array<double>}, the same length in every row
 * @param label    numeric column holding each example's class index (integer types, or float/double/decimal
 *                 values that are whole numbers), never null
 * @param order    numeric column whose values order the rows (unique, never null), or {@code null}: then the rows
 *                 keep the order of the files (sorted by path, rows in file order) or of the DataFrame. With an
 *                 order column the same rows give the same splits and fingerprint however they are split into
 *                 files or partitions; without one, rewriting the table with another layout may reorder them
 * @param shape    image layout of the features for convolutional models ({@code [channels, height, width]}), or
 *                 {@code null} for flat features
 */
public record TableColumns(String features, String label, String order, ImageShape shape) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Spark ML's default features column. */
    public static final String DEFAULT_FEATURES = "features";
    /** Spark ML's default label column. */
    public static final String DEFAULT_LABEL = "label";

    /** @throws DataException naming the field if a column name is blank or two roles share a column */
    public TableColumns {
        requireName("features", features);
        requireName("label", label);
        if (order != null) {
            requireName("order", order);
        }
        if (features.equals(label) || features.equals(order) || label.equals(order)) {
            throw new DataException("features, label and order must be different columns, got features '"
                    + features + "', label '" + label + "', order " + (order == null ? "none" : "'" + order + "'"));
        }
    }

    private static void requireName(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new DataException(field + " column must be a non-blank name, got "
                    + (value == null ? "null" : "'" + value + "'"));
        }
    }

    /** Spark ML's defaults: {@code features} and {@code label}, no order column, flat features. */
    public static TableColumns defaults() {
        return new TableColumns(DEFAULT_FEATURES, DEFAULT_LABEL, null, null);
    }
}
