package io.prunesweep.sweep;

import io.prunesweep.data.DataCache;
import io.prunesweep.data.DataFormat;
import io.prunesweep.data.DataSource;
import io.prunesweep.data.DataSplits;
import io.prunesweep.data.DataLoader;
import io.prunesweep.data.ImageShape;
import io.prunesweep.data.LabeledData;
import io.prunesweep.data.TableColumns;
import io.prunesweep.data.TableReader;
import io.prunesweep.eval.Evaluator;
import io.prunesweep.model.InputSpec;
import io.prunesweep.model.KerasImport;
import io.prunesweep.model.ModelException;
import io.prunesweep.model.ModelSidecar;
import io.prunesweep.model.ModelStore.LoadedModel;
import io.prunesweep.model.ModelStore;
import io.prunesweep.model.ModelZoo;
import io.prunesweep.model.Net;
import io.prunesweep.model.Trainer;
import io.prunesweep.prune.PruneException;
import io.prunesweep.prune.Pruner;
import io.prunesweep.results.Json;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.ResultStore;
import io.prunesweep.spec.Candidate;
import io.prunesweep.spec.CandidateConfig;
import io.prunesweep.spec.Caps;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.DataSpec;
import io.prunesweep.spec.FineTune;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.ModelSpec;
import io.prunesweep.spec.PruneMethod;
import io.prunesweep.spec.PruneTarget;
import io.prunesweep.spec.Schedule;
import io.prunesweep.spec.ScheduleKind;
import io.prunesweep.spec.SensitivitySettings;
import io.prunesweep.spec.Scope;
import io.prunesweep.spec.SweepSpec;
import io.prunesweep.storage.Location;
import io.prunesweep.storage.Storage;
import io.prunesweep.storage.StoragePath;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Driver-side preparation of a sweep, with no Spark: check the output directory, read the data, train or
 * load the base model, check every granularity of the spec against the model, expand the candidates and
 * find those still to run. Every check happens here, before any Spark job starts.
 */
public final class SweepSetup {
    private SweepSetup() {
    }

    /**
     * @param spec           the validated spec
     * @param specFile       its file (for messages and provenance)
     * @param out            output directory (the spec's, or the CLI's override)
     * @param threadsPerTask native threads each candidate may use
     * @param log            progress lines
     */
    public static PreparedSweep prepare(SweepSpec spec, Path specFile, Path out, int threadsPerTask,
                                        Consumer<String> log) {
        ResultStore store = new ResultStore(out.toAbsolutePath().normalize());
        store.open(spec.name());
        return prepare(spec, specFile, store, threadsPerTask, log);
    }

    /**
     * The same, into a store that {@link ResultStore#open} has already checked and laid out.
     *
     * @param store the sweep's output directory, opened
     */
    public static PreparedSweep prepare(SweepSpec spec, Path specFile, ResultStore store, int threadsPerTask,
                                        Consumer<String> log) {
        return prepare(spec, specFile, store, threadsPerTask, TableReader.NONE, log);
    }

    /**
     * The same, with the reader of the spec's tables when its data is a table ({@code format: parquet}).
     *
     * @param tables reads the training and test tables (Spark, on the driver)
     */
    public static PreparedSweep prepare(SweepSpec spec, Path specFile, ResultStore store, int threadsPerTask,
                                        TableReader tables, Consumer<String> log) {
        DataSource source = dataSource(spec, store.root().storage());
        DataSplits splits;
        if (source.format().isTable()) {
            log.accept("reading data: " + tables.describe(source));
            LabeledData train = tables.read(source, true);
            LabeledData test = tables.read(source, false);
            // keyed by content: a table changed since an earlier sweep in this JVM is never served from the cache
            DataSource keyed = source.withTableDigest(DataLoader.tableDigest(train, test));
            splits = DataCache.get(keyed, () -> DataLoader.fromTables(keyed, train, test));
            source = keyed;
        } else {
            log.accept("reading data: " + source.displayName());
            splits = DataCache.get(source, store.root().storage());
        }
        LoadedModel base;
        InputSpec input;
        try {
            base = baseModel(spec, store, source, splits, log);
            // every kind of base model (zoo, path, Keras) against the data's shape and classes, before any candidate
            input = InputSpec.requireFits(base.net(), splits.train(), spec.model().source());
        } catch (ModelException e) {
            throw new SweepException(specFile + ": model." + spec.model().sourceField() + ": " + e.getMessage(), 2);
        }
        byte[] initBytes = initialWeights(spec, store, specFile, base);
        boolean pruneOutput = spec.space().caps().pruneOutputLayer();
        for (Granularity g : spec.space().method().granularities()) {
            for (CriterionKind c : spec.space().method().criteria()) {
                try {
                    Pruner.check(base.net(), g, c, pruneOutput);
                } catch (PruneException e) {
                    throw new SweepException(specFile + ": space.granularity = " + g.id() + " with space.criterion = "
                            + c.id() + ": " + e.getMessage(), 2);
                }
            }
        }
        if (spec.hasBudgets()) {
            // budget candidates prune at the sensitivity table's granularity, scored by the space's criteria
            // (the sensitivity settings themselves are checked where the stage is built, SweepDriver.stage)
            SensitivitySettings sens = spec.sensitivity();
            for (CriterionKind c : spec.space().method().criteria()) {
                try {
                    Pruner.check(base.net(), sens.granularity(), c, pruneOutput);
                } catch (PruneException e) {
                    throw new SweepException(specFile + ": space.budget candidates prune at sensitivity.granularity = "
                            + sens.granularity().id() + " with space.criterion = " + c.id() + ": " + e.getMessage(), 2);
                }
            }
        }
        String dataFp = splits.fingerprint();
        List<Candidate> all = new ArrayList<>();
        for (CandidateConfig cfg : spec.candidates()) {
            all.add(PreparedSweep.candidateOf(cfg, spec, base, dataFp));
        }
        Set<String> done = store.doneIds();
        List<Candidate> pending = all.stream().filter(c -> !done.contains(c.id())).toList();
        CandidateJob job = new CandidateJob(source, store.root(), input, base.net().numParams(),
                spec.specHash(), base.fingerprint(), dataFp, threadsPerTask, spec.seed());
        ResultRow baseline = baseline(spec, store, job, base, splits, dataFp,
                new SerialLatency(splits.validation(), threadsPerTask, store));
        return new PreparedSweep(spec, specFile, store, source, splits, base, input, all, pending, job, baseline,
                initBytes);
    }

    /** Where a zoo model's initial (untrained) weights are kept next to the trained model. */
    public static StoragePath initPath(StoragePath baseZip) {
        String name = baseZip.name();
        return baseZip.resolveSibling(name.substring(0, name.length() - ".zip".length()) + ".init.zip");
    }

    /**
     * The initial weights when a lottery schedule is in the spec (null otherwise); a user-supplied model
     * has none, so lottery schedules are rejected for it here, before any job starts.
     */
    private static byte[] initialWeights(SweepSpec spec, ResultStore store, Path specFile, LoadedModel base) {
        List<ScheduleKind> lottery = spec.space().schedule().schedules().stream()
                .filter(ScheduleKind::needsInitialWeights).toList();
        if (lottery.isEmpty()) {
            return null;
        }
        String ids = String.join(", ", lottery.stream().map(ScheduleKind::id).toList());
        if (!spec.model().isZoo()) {
            throw new SweepException(specFile + ": space.schedule = " + ids + " rewinds to the model's initial "
                    + "weights, which a user-supplied model (model.path, model.keras) does not have; use model.zoo or drop "
                    + ids + " from space.schedule", 2);
        }
        StoragePath init = initPath(store.root().resolve("base").resolve(spec.model().zooBaseName() + ".zip"));
        try {
            LoadedModel m = ModelStore.load(init);
            if (m.net().numParams() != base.net().numParams()) {
                throw new SweepException(init + " does not match the base model", 2);
            }
            return m.bytes();
        } catch (RuntimeException e) {
            if (e instanceof SweepException se) {
                throw se;
            }
            throw new SweepException(specFile + ": space.schedule = " + ids + " needs the initial weights "
                    + init + ": " + e.getMessage(), 2);
        }
    }

    /** The spec's data section as a data source; relative paths resolve against the working directory. */
    public static DataSource dataSource(SweepSpec spec) {
        return dataSource(spec, Storage.withDefaults());
    }

    /** {@link #dataSource(SweepSpec)} where the data may be URIs that {@code storage} reads. */
    public static DataSource dataSource(SweepSpec spec, Storage storage) {
        DataSpec d = spec.data();
        DataFormat f = DataFormat.parse(d.format());
        DataSource s = switch (f) {
            case IDX -> d.train() == null
                    ? DataSource.idxDir(abs(d.dir()), d.validation(), spec.seed(), storage)
                    : new DataSource(f, abs(d.train()), abs(d.trainLabels()), abs(d.test()), abs(d.testLabels()),
                    d.validation(), spec.seed(), 0, 0, 0, null, 0);
            case CSV -> DataSource.csv(abs(d.train()), abs(d.test()), d.validation(), spec.seed())
                    .withCsvLayout(d.labelColumn(), d.header());
            case LIBSVM -> DataSource.libSvm(abs(d.train()), abs(d.test()), d.validation(), spec.seed());
            case PARQUET -> DataSource.table(tableLocation(d, true), tableLocation(d, false),
                    new TableColumns(d.features(), d.label(), d.order(), d.shape() == null ? null
                            : new ImageShape(d.shape().get(0), d.shape().get(1), d.shape().get(2))),
                    d.validation(), spec.seed());
        };
        return s.withLimits(d.trainLimit(), d.testLimit());
    }

    /** Name of the training (or test) DataFrame when a program hands the tables over instead of naming them. */
    public static final String GIVEN_TRAIN = "<training DataFrame>";
    /** See {@link #GIVEN_TRAIN}. */
    public static final String GIVEN_TEST = "<test DataFrame>";

    /** A table's location: {@code train}/{@code test} as given, else {@code <path>/train}, {@code <path>/test}. */
    private static String tableLocation(DataSpec d, boolean train) {
        String given = train ? d.train() : d.test();
        if (given != null) {
            return abs(given);
        }
        if (d.dir() != null) {
            return Location.of(d.dir()).absolute().resolve(train ? "train" : "test").toString();
        }
        return train ? GIVEN_TRAIN : GIVEN_TEST;
    }

    private static String abs(String p) {
        return p == null ? null : Location.of(p).absolute().toString();
    }

    private static LoadedModel baseModel(SweepSpec spec, ResultStore store, DataSource source, DataSplits splits,
                                         Consumer<String> log) {
        ModelSpec m = spec.model();
        if (m.path() != null) {
            log.accept("loading base model " + m.path());
            return ModelStore.load(StoragePath.of(store.root().storage(), m.path()));
        }
        if (m.keras() != null) {
            return kerasBase(spec, store, splits, log);
        }
        StoragePath zip = store.root().resolve("base").resolve(m.zooBaseName() + ".zip");
        if (exists(zip) && exists(initPath(zip))) {
            LoadedModel existing = ModelStore.load(zip);
            Optional<ModelSidecar> sc = existing.sidecar();
            if (sc.isPresent() && sc.get().dataFingerprint().equals(splits.fingerprint())
                    && sc.get().epochs() == m.epochs() && sc.get().seed() == spec.seed()
                    && sc.get().batchSize() == m.batchSize() && sc.get().learningRate() == m.learningRate()
                    // the data fingerprint omits the image shape: a table reread as 14x56 must not reuse a 28x28 model
                    && InputSpec.of(existing.net()).reads(splits.train())) {
                log.accept("reusing base model " + zip + " (val acc " + pct(sc.get().validationAccuracy()) + ")");
                return existing;
            }
            log.accept("base model " + zip + " was trained differently; training a new one");
        }
        TrainedModel t = train(m.zoo(), m.widths(), m.epochs(), m.batchSize(), m.learningRate(), spec.seed(), splits,
                log);
        ModelStore.save(t.initial(), Optional.empty(), initPath(zip));
        ModelStore.save(t.net(), Optional.of(t.sidecar()), zip);
        return ModelStore.load(zip);
    }

    /**
     * The imported Keras model as the base model: as it is, or, when the spec gives epochs, trained further once
     * and reused by later runs (as a zoo model is) while the file, data and training settings are the same, so a
     * resumed sweep keeps its base model and candidate ids.
     */
    private static LoadedModel kerasBase(SweepSpec spec, ResultStore store, DataSplits splits, Consumer<String> log) {
        ModelSpec m = spec.model();
        log.accept("importing Keras model " + m.keras());
        LoadedModel imported = KerasImport.loadAsBase(StoragePath.of(store.root().storage(), m.keras()),
                m.learningRate());
        Net net = imported.net();
        log.accept("  " + net.nodes().size() + " layers, " + net.numParams() + " params");
        if (m.epochs() == 0) {
            return imported;
        }
        InputSpec.requireFits(net, splits.train(), m.keras()); // before training it, not only after
        String architecture = "keras " + ModelStore.fingerprint(net);
        StoragePath zip = store.root().resolve("base").resolve("keras.zip");
        if (exists(zip)) {
            LoadedModel existing = ModelStore.load(zip);
            Optional<ModelSidecar> sc = existing.sidecar();
            if (sc.isPresent() && sc.get().architecture().equals(architecture)
                    && sc.get().dataFingerprint().equals(splits.fingerprint())
                    && sc.get().epochs() == m.epochs() && sc.get().seed() == spec.seed()
                    && sc.get().batchSize() == m.batchSize() && sc.get().learningRate() == m.learningRate()) {
                log.accept("reusing base model " + zip + " (val acc " + pct(sc.get().validationAccuracy()) + ")");
                return existing;
            }
            log.accept("base model " + zip + " was trained differently; training a new one");
        }
        TrainedModel t = fit(architecture, net, InputSpec.of(net), m.epochs(), m.batchSize(), m.learningRate(),
                spec.seed(), splits, log);
        ModelStore.save(t.net(), Optional.of(t.sidecar()), zip);
        return ModelStore.load(zip);
    }

    private static boolean exists(StoragePath file) {
        try {
            return file.exists();
        } catch (IOException e) {
            throw new SweepException("cannot read " + file + ": " + e.getMessage(), 1);
        }
    }

    /**
     * A freshly trained zoo model and its provenance.
     *
     * @param net     the network
     * @param sidecar its provenance
     * @param initial the network's weights before training (lottery schedules rewind to them)
     */
    public record TrainedModel(Net net, ModelSidecar sidecar, Net initial) {
    }

    /** Trains a zoo model on the splits' training part and measures it on validation and test. */
    public static TrainedModel train(String zoo, int epochs, int batchSize, double lr, long seed, DataSplits splits,
                                     Consumer<String> log) {
        return train(zoo, List.of(), epochs, batchSize, lr, seed, splits, log);
    }

    /** Trains a zoo model with the given widths (graph zoo models only; empty for the defaults). */
    public static TrainedModel train(String zoo, List<Integer> widths, int epochs, int batchSize, double lr, long seed,
                                     DataSplits splits, Consumer<String> log) {
        InputSpec input = splits.train().imageShape()
                .map(s -> InputSpec.image(s.channels(), s.height(), s.width()))
                .orElse(InputSpec.flat(splits.train().width()));
        Net net = ModelZoo.buildNet(zoo, input, splits.train().numClasses(), seed, lr, widths);
        return fit(zoo, net, input, epochs, batchSize, lr, seed, splits, log);
    }

    /** Trains {@code net} (named {@code architecture} in its sidecar) and measures it on validation and test. */
    private static TrainedModel fit(String architecture, Net net, InputSpec input, int epochs, int batchSize,
                                    double lr, long seed, DataSplits splits, Consumer<String> log) {
        Net initial = net.copy();
        log.accept("training base model " + architecture + " (" + net.numParams() + " params) for " + epochs + " epochs on "
                + splits.train().size() + " examples");
        long t0 = System.nanoTime();
        Trainer.train(net, splits.train().fitIterator(batchSize, true, seed), epochs,
                e -> log.accept("  epoch " + e + "/" + epochs + " loss " + String.format("%.4f", net.score())));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        double val = Evaluator.evaluate(net, splits.validation().iterator(1024, false, 0)).accuracy();
        double test = Evaluator.evaluate(net, splits.test().iterator(1024, false, 0)).accuracy();
        log.accept("  validation accuracy " + pct(val) + ", test accuracy " + pct(test) + " (" + ms + " ms)");
        ModelSidecar sc = new ModelSidecar(architecture, splits.fingerprint(), seed, epochs, batchSize, lr, val, test,
                net.numParams(), input, splits.train().numClasses(), ms, Instant.now().toString(), Versions.summary());
        return new TrainedModel(net, sc, initial);
    }

    /**
     * The dense model measured like a candidate (0% pruned, no fine-tuning), its latency serially as for the front
     * (no task runs yet), its test accuracy like a front member's; cached in baseline.json.
     */
    private static ResultRow baseline(SweepSpec spec, ResultStore store, CandidateJob job, LoadedModel base,
                                      DataSplits splits, String dataFp, SerialLatency latency) {
        StoragePath file = store.root().resolve("baseline.json");
        CandidateConfig cfg = new CandidateConfig(new PruneMethod(CriterionKind.MAGNITUDE, Granularity.ELEMENT,
                Scope.LAYER), new PruneTarget(0.0), new Schedule(ScheduleKind.ONE_SHOT),
                new FineTune(0, spec.model().learningRate(), spec.model().batchSize()), new Caps(false, 1.0));
        Candidate c = PreparedSweep.candidateOf(cfg, spec, base, dataFp);
        try {
            if (file.exists()) {
                ResultRow r = Json.read(file.readBytes(), ResultRow.class);
                // a baseline whose latency was timed the old way is measured again, so that a latency objective's
                // reference point compares with the serially measured candidates
                if (r.candidateId().equals(c.id()) && !SerialLatency.inTask(r)) {
                    return r;
                }
            }
            Net net = base.net().copy();
            var val = Evaluator.evaluate(net, splits.validation().iterator(1024, false, 0));
            ResultRow measured = job.measured(c, net, val, -1, 0, splits.validation(), "driver", 0,
                    Instant.now().toString());
            ResultRow r = new TestAccuracy(splits.test()).of(latency.of(measured, net), net);
            file.write(Json.pretty(r));
            return r;
        } catch (IOException e) {
            throw new SweepException("cannot write " + file + ": " + e.getMessage(), 1);
        }
    }

    static String pct(double v) {
        return String.format("%.2f%%", 100 * v);
    }
}
