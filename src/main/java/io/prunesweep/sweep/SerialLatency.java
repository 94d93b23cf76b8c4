package io.prunesweep.sweep;

import io.prunesweep.data.LabeledData;
import io.prunesweep.eval.LatencyMeter;
import io.prunesweep.eval.ModelMeter;
import io.prunesweep.metric.LatencyMethod;
import io.prunesweep.model.ModelStore;
import io.prunesweep.model.Net;
import io.prunesweep.results.Json;
import io.prunesweep.results.Outcome;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.ResultStore;
import io.prunesweep.storage.StoragePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Latency measured where nothing else competes for the cores ({@link LatencyMethod#SERIAL_INTERLEAVED}): on the
 * driver, between stages, when no candidate task runs. The models are warmed up, then timed in turn over
 * {@link #ROUNDS} rounds; in each round every model runs one untimed forward pass (its weights back in cache after
 * the previous model's) and one timed pass on the same batch the task used ({@link ModelMeter#LATENCY_BATCH}
 * validation examples). A model's latency is the median of its rounds, so a slow spell of the machine costs each
 * model about one round instead of shifting whichever model was being timed.
 *
 * <p>The figures are recorded beside the results, under {@code <out>/latency/}, not in the result files: those
 * hold what each task measured and are never rewritten. Every row the sweep reports or compares has them
 * applied ({@link #applied}); {@link io.prunesweep.metric.LatencyMethod} in the row says which figure it holds.
 *
 * <p>A candidate with a physically shrunk model ({@code candidates/<id>.shrunk.zip}, neuron and channel
 * granularity) has that model timed too, as one more model in the same rotation, so its
 * {@link io.prunesweep.metric.Measurements#shrunkLatencyMs} compares with the masked model's {@code latencyMs}:
 * both saw the same spells of the machine.
 *
 * <p>ND4J runs with the thread count a candidate task gets, so the numbers are those of one task alone on the
 * machine. On a cluster the driver's machine times every model, so the serial numbers compare with each other,
 * not with figures from an executor.
 */
public final class SerialLatency {
    /** Timed rounds per model. */
    public static final int ROUNDS = 9;

    /**
     * A serial figure as recorded in {@code <out>/latency/<candidateId>.json}.
     *
     * @param candidateId the candidate
     * @param finishedAt  when the row it was measured for finished (its task's {@code finishedAt})
     * @param latencyMs   the median of the rounds
     * @param rounds      timed rounds
     * @param shrunkLatencyMs the median of the shrunk model's rounds (timed in the same rounds); NaN when the
     *                    candidate has no shrunk model, and in records written before shrunk models were timed
     *                    (the field is absent there and reads NaN)
     */
    public record Record(String candidateId, String finishedAt, double latencyMs, int rounds,
                         double shrunkLatencyMs) {
        public Record {
            Objects.requireNonNull(candidateId, "candidateId");
            Objects.requireNonNull(finishedAt, "finishedAt");
            if (!(latencyMs >= 0) || rounds <= 0) {
                throw new IllegalArgumentException("latencyMs must be >= 0 and rounds > 0, found " + latencyMs + ", "
                        + rounds);
            }
            if (shrunkLatencyMs < 0) {
                throw new IllegalArgumentException("shrunkLatencyMs must be >= 0 or NaN, found " + shrunkLatencyMs);
            }
        }

        /** A record of a candidate without a shrunk model. */
        public Record(String candidateId, String finishedAt, double latencyMs, int rounds) {
            this(candidateId, finishedAt, latencyMs, rounds, Double.NaN);
        }
    }

    /**
     * What {@link #measure} keys a candidate's shrunk model by: its id and this suffix (ids are hex, so the key
     * cannot be another candidate's).
     */
    static final String SHRUNK = ".shrunk";

    private final INDArray batch;
    private final int threads;
    private final ResultStore store;

    /**
     * @param validation the split whose first {@link ModelMeter#LATENCY_BATCH} examples form the batch
     * @param threads    native threads, as a candidate task has
     * @param store      the sweep whose candidates' models are timed and whose {@code latency/} holds the figures
     */
    public SerialLatency(LabeledData validation, int threads, ResultStore store) {
        this.batch = validation.head(ModelMeter.LATENCY_BATCH).toDataSet().getFeatures();
        this.threads = threads;
        this.store = store;
    }

    /** Whether a row holds a latency timed in its task (an ok row without a serial figure applied). */
    static boolean inTask(ResultRow r) {
        return r.ok() && r.measurements().latencyMethod() == LatencyMethod.IN_TASK;
    }

    /** Median latency in milliseconds per model, the models timed in turn (see the class comment). */
    public Map<String, Double> measure(Map<String, Net> models) {
        ThreadPolicy.apply(threads);
        for (Net net : models.values()) {
            LatencyMeter.measure(net, batch, ModelMeter.LATENCY_WARMUPS, 1);
        }
        Map<String, double[]> rounds = new LinkedHashMap<>();
        models.keySet().forEach(k -> rounds.put(k, new double[ROUNDS]));
        for (int r = 0; r < ROUNDS; r++) {
            for (Map.Entry<String, Net> m : models.entrySet()) {
                rounds.get(m.getKey())[r] = LatencyMeter.measure(m.getValue(), batch, 1, 1).medianMs();
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        rounds.forEach((k, v) -> out.put(k, median(v)));
        return out;
    }

    /**
     * {@code row}, whose model is {@code net} and has no shrunk form (the dense baseline), with its latency measured
     * serially.
     */
    public ResultRow of(ResultRow row, Net net) {
        return with(row, new Record(row.candidateId(), row.provenance().finishedAt(),
                measure(Map.of(row.candidateId(), net)).get(row.candidateId()), ROUNDS));
    }

    /**
     * Re-measures, together, the rows among {@code rows} that hold a latency timed in their task and have no
     * serial figure recorded yet, from their saved models ({@code candidates/<id>.zip}, and
     * {@code candidates/<id>.shrunk.zip} in the same rounds where the candidate has one), and records each figure
     * under {@code <out>/latency/}. A result file is never rewritten: it keeps what its task measured.
     *
     * @return {@code rows} in their order, each with its serial latency where one is recorded
     */
    public List<ResultRow> remeasure(List<ResultRow> rows) {
        List<ResultRow> known = applied(rows);
        Map<String, Net> models = new LinkedHashMap<>();
        for (ResultRow r : known) {
            if (inTask(r)) {
                models.put(r.candidateId(), ModelStore.load(store.candidatesDir().resolve(r.candidateId() + ".zip"))
                        .net());
                // only structured candidates report shrunk params (the baseline and element/N:M/block rows: -1)
                StoragePath shrunk = store.candidatesDir().resolve(r.candidateId() + ".shrunk.zip");
                if (r.measurements().footprint().shrunkParams() >= 0 && exists(shrunk)) {
                    models.put(r.candidateId() + SHRUNK, ModelStore.load(shrunk).net());
                }
            }
        }
        if (models.isEmpty()) {
            return known;
        }
        Map<String, Double> ms = measure(models);
        List<ResultRow> out = new ArrayList<>();
        for (ResultRow r : known) {
            if (ms.containsKey(r.candidateId())) {
                Record rec = new Record(r.candidateId(), r.provenance().finishedAt(), ms.get(r.candidateId()), ROUNDS,
                        ms.getOrDefault(r.candidateId() + SHRUNK, Double.NaN));
                StoragePath f = file(store.root(), r.candidateId());
                try {
                    f.write(Json.pretty(rec));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot record the serial latency of " + r.candidateId(), e);
                }
                r = with(r, rec);
            }
            out.add(r);
        }
        return out;
    }

    /** {@code rows} with the serial latencies recorded for them in this sweep's directory. */
    public List<ResultRow> applied(List<ResultRow> rows) {
        return recorded(rows, store.root());
    }

    /**
     * {@code rows} with the serial latencies recorded under {@code <sweepDir>/latency/}. A record applies only
     * to the row it was measured for (same candidate, same finish time): a candidate run again gets a new row,
     * timed in its task, and is measured again.
     */
    public static List<ResultRow> recorded(List<ResultRow> rows, Path sweepDir) {
        return recorded(rows, StoragePath.local(sweepDir));
    }

    /** {@link #recorded(List, Path)} for a sweep directory on any storage. */
    public static List<ResultRow> recorded(List<ResultRow> rows, StoragePath sweepDir) {
        Set<String> present;
        try {
            // one listing, not one look-up per row (each a round trip on HDFS or S3)
            present = new HashSet<>(sweepDir.resolve("latency").list());
        } catch (IOException e) {
            throw new SweepException("cannot list " + sweepDir.resolve("latency") + ": " + e.getMessage(), 1);
        }
        List<ResultRow> out = new ArrayList<>();
        for (ResultRow r : rows) {
            StoragePath f = file(sweepDir, r.candidateId());
            if (r.ok() && present.contains(f.name())) {
                Record rec;
                try {
                    rec = Json.read(f.readBytes(), Record.class);
                } catch (IOException | UncheckedIOException e) {
                    throw new SweepException("serial latency file " + f + " is unreadable: " + e.getMessage(), 1);
                }
                if (rec.finishedAt().equals(r.provenance().finishedAt())) {
                    r = with(r, rec);
                }
            }
            out.add(r);
        }
        return out;
    }

    private static StoragePath file(StoragePath sweepDir, String candidateId) {
        return sweepDir.resolve("latency").resolve(candidateId + ".json");
    }

    private static ResultRow with(ResultRow r, Record rec) {
        return r.withOutcome(new Outcome.Measured(r.measurements()
                .withLatency(rec.latencyMs(), LatencyMethod.SERIAL_INTERLEAVED)
                .withShrunkLatencyMs(rec.shrunkLatencyMs())));
    }

    private static boolean exists(StoragePath f) {
        try {
            return f.exists();
        } catch (IOException e) {
            throw new SweepException("cannot look for " + f + ": " + e.getMessage(), 1);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
