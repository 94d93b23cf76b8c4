package io.prunesweep.data;

/**
 * Reads the training or the test table of a table source ({@link DataFormat#isTable()}). Tables are read by Spark
 * on the driver (the {@code spark} package implements this), so this package, which has no Spark, only asks for
 * them; {@link DataLoader#fromTables} then splits them as it splits files.
 */
@FunctionalInterface
public interface TableReader {
    /** The reader of a sweep with no Spark session: a table source is refused, naming what it needs. */
    TableReader NONE = (source, train) -> {
        throw DataLoader.readBySpark(source);
    };

    /**
     * @param source the table source (its locations and {@link TableColumns})
     * @param train  whether to read the training table (else the test table)
     * @return every row of the table in its defined order ({@link TableColumns#order()}), with the source's image
     *         shape; classes are counted again over both tables by {@link DataLoader#fromTables}
     * @throws DataException naming the table and column when a column is missing, of the wrong type or null
     */
    LabeledData read(DataSource source, boolean train);

    /** What {@link #read} reads, for the sweep's log: by default the source's two locations. */
    default String describe(DataSource source) {
        return "tables " + source.trainPath() + " and " + source.testPath();
    }
}
