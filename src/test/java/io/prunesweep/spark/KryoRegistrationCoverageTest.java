package io.prunesweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code spark.kryo.registrationRequired=true} every class Spark ships must be registered. The
 * notebooks run ordinary Spark SQL on prunesweep's outputs (Parquet, nested JSON, explode, aggregation,
 * show); this runs the same operations so a missing registration fails here, not in a user's notebook.
 */
class KryoRegistrationCoverageTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = Sessions.getOrCreate("kryo-coverage", "local[2]");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void notebookStyleQueriesRunWithRegistrationRequired(@TempDir Path dir) throws Exception {
        assertEquals("true", spark.conf().get("spark.kryo.registrationRequired"));
        Path json = dir.resolve("front.json");
        Files.writeString(json, """
                {"summary": {"sweepName": "s", "hypervolume": 1.5, "objectives": ["val_accuracy", "nonzero_params"]},
                 "front": [{"candidateId": "a", "valAccuracy": 0.9, "nonzeroParams": 100, "layers": [{"index": 0, "nonzero": 5}]},
                           {"candidateId": "b", "valAccuracy": 0.8, "nonzeroParams": 50, "layers": []}]}
                """);
        Dataset<Row> fronts = spark.read().option("multiLine", true).json(dir.toString() + "/*.json")
                .withColumn("run", functions.input_file_name());
        Dataset<Row> members = fronts.select(functions.col("run"), functions.col("summary.hypervolume"),
                functions.explode(functions.col("front")).as("m")).select("run", "hypervolume", "m.*");
        assertEquals(2, members.count());
        assertEquals(2, members.collectAsList().size());
        members.groupBy("run").agg(functions.max("valAccuracy"), functions.avg("nonzeroParams"),
                functions.collect_list("candidateId")).collectAsList();
        members.orderBy(functions.desc("valAccuracy")).limit(1).collectAsList();
        members.show(5, false);

        Dataset<Row> rows = spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create("x", 1L, 0.5, true,
                java.sql.Timestamp.valueOf("2026-01-01 00:00:00"))), new org.apache.spark.sql.types.StructType()
                .add("id", "string").add("n", "long").add("acc", "double").add("ok", "boolean").add("t", "timestamp"));
        rows.write().mode("overwrite").parquet(dir.resolve("p.parquet").toString());
        Dataset<Row> back = spark.read().parquet(dir.resolve("p.parquet").toString());
        assertEquals(1, back.filter(functions.col("ok")).count());
        back.join(back.withColumnRenamed("acc", "acc2"), "id").distinct().collectAsList();
        rows.createOrReplaceTempView("r");
        spark.sql("select id, sum(n) from r group by id").collectAsList();
    }
}
