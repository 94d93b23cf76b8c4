package io.prunesweep.sweep;

import io.prunesweep.data.LabeledData;
import io.prunesweep.eval.Evaluator;
import io.prunesweep.model.ModelStore;
import io.prunesweep.model.Net;
import io.prunesweep.report.JsonWriter;
import io.prunesweep.results.Outcome;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.ResultStore;
import io.prunesweep.storage.StoragePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place a result row gets its test accuracy. Candidates are compared and the front is chosen on
 * validation metrics only; the test split is evaluated for the rows a sweep reports as its result, the dense
 * baseline and the front members, once their choice is made. Result files keep validation metrics only, so
 * a front member's test accuracy lives in the sweep's aggregate outputs ({@code front.json},
 * {@code results.csv}) and is read back from {@code front.json} for a sweep directory's rows.
 */
public final class TestAccuracy {
    private final LabeledData test;

    /** Evaluates on {@code test}, the sweep's test split. */
    public TestAccuracy(LabeledData test) {
        this.test = test;
    }

    /** {@code row} with the accuracy of {@code net} (the row's model) on the test split. */
    public ResultRow of(ResultRow row, Net net) {
        return with(row, Evaluator.evaluate(net, test.iterator(1024, false, 0)).accuracy());
    }

    /** Front members with the test accuracy of each one's saved model ({@code candidates/<id>.zip}). */
    public List<ResultRow> ofFront(List<ResultRow> front, ResultStore store) {
        return front.stream().map(r -> of(r, ModelStore.load(store.candidatesDir().resolve(r.candidateId()
                + ".zip")).net())).toList();
    }

    /**
     * Rows of a sweep directory with the test accuracy its last finished run recorded for the front members
     * in {@code front.json}; other rows (and every row when there is no front yet) unchanged.
     */
    public static List<ResultRow> recorded(List<ResultRow> rows, Path sweepDir) {
        return recorded(rows, StoragePath.local(sweepDir));
    }

    /** {@link #recorded(List, Path)} for a sweep directory on any storage. */
    public static List<ResultRow> recorded(List<ResultRow> rows, StoragePath sweepDir) {
        StoragePath front = sweepDir.resolve("front.json");
        Map<String, Double> acc = new HashMap<>();
        try {
            if (!front.exists()) {
                return rows;
            }
            JsonWriter.readFront(front).forEach(r -> acc.put(r.candidateId(), r.measurements().testAccuracy()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + front, e);
        }
        return rows.stream().map(r -> r.ok() && acc.containsKey(r.candidateId()) ? with(r, acc.get(r.candidateId()))
                : r).toList();
    }

    private static ResultRow with(ResultRow r, double accuracy) {
        return r.withOutcome(new Outcome.Measured(r.measurements().withTestAccuracy(accuracy)));
    }
}
