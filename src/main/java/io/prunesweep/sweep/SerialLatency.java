package io.prunesweep.sweep;

import io.prunesweep.data.LabeledData;
import io.prunesweep.eval.LatencyMeter;
import io.prunesweep.eval.ModelMeter;
import io.prunesweep.metric.LatencyMethod;
import io.prunesweep.model.ModelStore;
import io.prunesweep.results.Outcome;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.ResultStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Latency measured where nothing else competes for the cores ({@link LatencyMethod#SERIAL_INTERLEAVED}): on the
 * driver, between stages, when no candidate task runs. The models are warmed up, then timed in turn over
 * {@link #ROUNDS} rounds; in each round every model runs one untimed forward pass (its weights back in cache after
 * the previous model's) and one timed pass on the same batch the task used ({@link ModelMeter#LATENCY_BATCH}
 * validation examples). A model's latency is the median of its rounds, so a slow spell of the machine costs each
 * model about one round instead of shifting whichever model was being timed.
 *
 * <p>ND4J runs with the thread count a candidate task gets, so the numbers are those of one task alone on the
 * machine. On a cluster the driver's machine times every model, so the serial numbers compare with each other,
 * not with figures from an executor.
 */
public final class SerialLatency {
    /** Timed rounds per model. */
    public static final int ROUNDS = 9;

    private final INDArray batch;
    private final int threads;

    /**
     * @param validation the split whose first {@link ModelMeter#LATENCY_BATCH} examples form the batch
     * @param threads    native threads, as a candidate task has
     */
    public SerialLatency(LabeledData validation, int threads) {
        this.batch = validation.head(ModelMeter.LATENCY_BATCH).toDataSet().getFeatures();
        this.threads = threads;
    }

    /** Whether a row's latency is one the sweep has yet to re-measure: an ok row timed in its task. */
    static boolean inTask(ResultRow r) {
        return r.ok() && r.measurements().latencyMethod() == LatencyMethod.IN_TASK;
    }

    /** Median latency in milliseconds per model, the models timed in turn (see the class comment). */
    public Map<String, Double> measure(Map<String, MultiLayerNetwork> models) {
        ThreadPolicy.apply(threads);
        for (MultiLayerNetwork net : models.values()) {
            LatencyMeter.measure(net, batch, ModelMeter.LATENCY_WARMUPS, 1);
        }
        Map<String, double[]> rounds = new LinkedHashMap<>();
        models.keySet().forEach(k -> rounds.put(k, new double[ROUNDS]));
        for (int r = 0; r < ROUNDS; r++) {
            for (Map.Entry<String, MultiLayerNetwork> m : models.entrySet()) {
                rounds.get(m.getKey())[r] = LatencyMeter.measure(m.getValue(), batch, 1, 1).medianMs();
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        rounds.forEach((k, v) -> out.put(k, median(v)));
        return out;
    }

    /** {@code row}, whose model is {@code net}, with its latency measured serially. */
    public ResultRow of(ResultRow row, MultiLayerNetwork net) {
        return with(row, measure(Map.of(row.candidateId(), net)).get(row.candidateId()));
    }

    /**
     * Re-measures, together, the rows among {@code rows} that were timed in their task, from their saved models
     * ({@code candidates/<id>.zip}), and writes each re-measured row back to the store. Rows already measured
     * serially keep their figure, so a resume leaves them as they are.
     *
     * @return {@code rows} in their order, the re-measured ones replaced
     */
    public List<ResultRow> remeasure(List<ResultRow> rows, ResultStore store) {
        Map<String, MultiLayerNetwork> models = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            if (inTask(r)) {
                models.put(r.candidateId(), ModelStore.load(store.candidatesDir().resolve(r.candidateId() + ".zip"))
                        .net());
            }
        }
        if (models.isEmpty()) {
            return rows;
        }
        Map<String, Double> ms = measure(models);
        List<ResultRow> out = new ArrayList<>();
        for (ResultRow r : rows) {
            if (ms.containsKey(r.candidateId())) {
                r = with(r, ms.get(r.candidateId()));
                store.write(r);
            }
            out.add(r);
        }
        return out;
    }

    private static ResultRow with(ResultRow r, double ms) {
        return r.withOutcome(new Outcome.Measured(r.measurements().withLatency(ms, LatencyMethod.SERIAL_INTERLEAVED)));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
