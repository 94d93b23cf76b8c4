package io.prunesweep.spark;

import com.esotericsoftware.kryo.Kryo;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.SensitivityRow;
import io.prunesweep.spec.Candidate;
import io.prunesweep.sweep.SensitivityJob;
import java.lang.reflect.Array;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Registers every class prunesweep sends through Spark's serializer, so the sweep runs with
 * {@code spark.kryo.registrationRequired=true}: an unregistered class fails loudly instead of silently
 * writing its full name into every record, and Kryo itself instantiates nothing outside this list. Our
 * records use Java serialisation inside Kryo because Kryo 4's field serializer cannot construct Java
 * records (final fields, canonical constructor); that Java stream is read through
 * {@link FilteredJavaSerializer}, whose {@link ShippedTypeFilter} admits only our records, enums and a few
 * JDK value types, so a crafted stream cannot name another {@code Serializable} class either.
 */
public final class PruneSweepKryoRegistrator implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(Candidate.class, new FilteredJavaSerializer());
        kryo.register(Candidate[].class);
        kryo.register(ResultRow.class, new FilteredJavaSerializer());
        kryo.register(ResultRow[].class);
        kryo.register(SensitivityJob.Task.class, new FilteredJavaSerializer());
        kryo.register(SensitivityJob.Task[].class);
        kryo.register(SensitivityRow.class, new FilteredJavaSerializer());
        kryo.register(SensitivityRow[].class);
        // Spark SQL ships these between driver and tasks (Parquet/JSON reads and writes, schemas): users run
        // ordinary DataFrame code on prunesweep's outputs in the same session (KryoRegistrationCoverageTest)
        for (String name : new String[] {
            "org.apache.spark.sql.execution.datasources.WriteTaskResult",
            "org.apache.spark.sql.execution.datasources.BasicWriteTaskStats",
            "org.apache.spark.sql.execution.datasources.ExecutedWriteSummary",
            "org.apache.spark.internal.io.FileCommitProtocol$TaskCommitMessage",
            "org.apache.spark.sql.catalyst.expressions.GenericInternalRow",
            "org.apache.spark.sql.catalyst.InternalRow[]",
            "org.apache.spark.sql.catalyst.expressions.UnsafeRow",
            "org.apache.spark.sql.catalyst.expressions.UnsafeRow[]",
            "scala.collection.immutable.Set$EmptySet$",
            "scala.collection.immutable.Map$EmptyMap$",
            "scala.collection.mutable.WrappedArray$ofRef",
            "scala.reflect.ClassTag$GenericClassTag",
            "java.lang.Class",
            "java.lang.Object[]",
            "byte[][]",
            "org.apache.spark.sql.types.BinaryType$",
            "org.apache.spark.sql.types.ByteType$",
            "org.apache.spark.sql.types.ShortType$",
            "org.apache.spark.sql.types.IntegerType$",
            "org.apache.spark.sql.types.LongType$",
            "org.apache.spark.sql.types.FloatType$",
            "org.apache.spark.sql.types.DoubleType$",
            "org.apache.spark.sql.types.StringType$",
            "org.apache.spark.sql.types.DateType$",
            "org.apache.spark.sql.types.TimestampNTZType$",
            "org.apache.spark.sql.types.NullType$",
            "org.apache.spark.sql.types.CalendarIntervalType$",
            "org.apache.spark.sql.types.DecimalType",
            "org.apache.spark.sql.types.MapType",
            "org.apache.spark.sql.types.StructType",
            "org.apache.spark.sql.types.StructField",
            "org.apache.spark.sql.types.StructField[]",
            "org.apache.spark.sql.types.Metadata",
            "org.apache.spark.sql.types.TimestampType$",
            "org.apache.spark.sql.types.ArrayType",
            "org.apache.spark.sql.types.BooleanType$",
        }) {
            register(kryo, name);
        }
    }

    private static void register(Kryo kryo, String name) {
        try {
            String base = name.endsWith("[]") ? name.substring(0, name.length() - 2) : name;
            Class<?> c = switch (base) {
                case "byte[]" -> byte[].class;
                default -> Class.forName(base, false, PruneSweepKryoRegistrator.class.getClassLoader());
            };
            kryo.register(name.endsWith("[]") ? Array.newInstance(c, 0).getClass() : c);
        } catch (ClassNotFoundException e) {
            // not on this Spark version's classpath: nothing of that class will be sent either
        }
    }
}
