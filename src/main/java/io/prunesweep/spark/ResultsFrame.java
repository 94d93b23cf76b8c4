package io.prunesweep.spark;

import io.prunesweep.results.ResultColumns;
import io.prunesweep.results.ResultRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.prunesweep.storage.StoragePath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Result rows as a Spark DataFrame: the {@link ResultColumns} table, one column per entry in its order, with
 * Spark types from the column types and per-layer counts as a JSON string.
 */
public final class ResultsFrame {
    private ResultsFrame() {
    }

    /** The DataFrame schema of result rows. */
    public static StructType schema() {
        List<StructField> fields = new ArrayList<>();
        for (ResultColumns.Column c : ResultColumns.all()) {
            fields.add(DataTypes.createStructField(c.name(), sqlType(c.type()), true));
        }
        return DataTypes.createStructType(fields);
    }

    private static DataType sqlType(ResultColumns.Type t) {
        return switch (t) {
            case LONG -> DataTypes.LongType;
            case INT -> DataTypes.IntegerType;
            case DOUBLE -> DataTypes.DoubleType;
            case BOOLEAN -> DataTypes.BooleanType;
            case STRING, LAYERS -> DataTypes.StringType;
        };
    }

    /** Builds the DataFrame from rows held on the driver. */
    public static Dataset<Row> of(SparkSession spark, List<ResultRow> rows) {
        List<Row> out = new ArrayList<>();
        for (ResultRow r : rows) {
            out.add(RowFactory.create(ResultColumns.all().stream().map(c -> c.plain(r)).toArray()));
        }
        return spark.createDataFrame(out, schema());
    }

    /**
     * Writes {@code results.parquet} under {@code dir}: first to a temporary directory, then swapped in, so a
     * failed write never leaves a half-written Parquet where the last good one was.
     */
    public static void writeParquet(SparkSession spark, List<ResultRow> rows, Path dir) {
        writeParquet(spark, rows, StoragePath.local(dir));
    }

    /**
     * {@link #writeParquet(SparkSession, List, Path)} into a directory on any storage; Spark writes it through
     * the session's own Hadoop configuration. On an object store the swap copies the files, so a reader may
     * briefly see no {@code results.parquet}.
     */
    public static void writeParquet(SparkSession spark, List<ResultRow> rows, StoragePath dir) {
        StoragePath target = dir.resolve("results.parquet");
        StoragePath tmp = dir.resolve(".results.parquet.tmp");
        of(spark, rows).coalesce(1).write().mode("overwrite").parquet(tmp.location().uri().toString());
        try {
            target.deleteRecursively();
            tmp.renameTo(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + target, e);
        }
    }
}
