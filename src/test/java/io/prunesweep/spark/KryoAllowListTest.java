package io.prunesweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import io.prunesweep.metric.Footprint;
import io.prunesweep.metric.LayerCount;
import io.prunesweep.metric.Measurements;
import io.prunesweep.metric.Metric;
import io.prunesweep.results.Outcome;
import io.prunesweep.results.Provenance;
import io.prunesweep.results.RunConfig;
import io.prunesweep.spec.Budget;
import io.prunesweep.spec.Candidate;
import io.prunesweep.spec.CandidateConfig;
import io.prunesweep.spec.Caps;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.FineTune;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.PruneMethod;
import io.prunesweep.spec.PruneTarget;
import io.prunesweep.spec.Schedule;
import io.prunesweep.spec.ScheduleKind;
import io.prunesweep.spec.Scope;
import io.prunesweep.spec.SensitivitySettings;
import io.prunesweep.sweep.CandidateJob;
import io.prunesweep.results.ResultRow;
import io.prunesweep.sweep.SensitivityJob;
import io.prunesweep.results.SensitivityRow;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kryo streams carry our records as Java serialisation; a crafted stream that names any other class in
 * that inner stream is refused before the class's deserialisation code runs, while every shipped record
 * still round-trips through the serializer Spark builds from prunesweep's settings.
 */
class KryoAllowListTest {
    /** Stands in for a gadget: records whether deserialisation ever ran its code. */
    static final class Tripwire implements Serializable {
        private static final long serialVersionUID = 1L;
        static volatile boolean tripped;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            tripped = true;
            in.defaultReadObject();
        }
    }

    private Kryo kryo;

    @BeforeEach
    void setUp() {
        kryo = new KryoSerializer(Sessions.applyDefaults(new SparkConf(false))).newKryo();
        Tripwire.tripped = false;
    }

    private static Candidate budgetCandidate() {
        Budget budget = new Budget(Metric.NONZERO_PARAMS, 25_000,
                new SensitivitySettings(List.of(0.5, 0.9), CriterionKind.MAGNITUDE, Granularity.NEURON));
        CandidateConfig config = new CandidateConfig(new PruneMethod(CriterionKind.MAGNITUDE, Granularity.NEURON,
                Scope.LAYER), new PruneTarget(0, budget), new Schedule(ScheduleKind.ONE_SHOT), new FineTune(1, 1e-3, 32),
                new Caps(false, 0.95));
        return Candidate.of(config, 42, "model-fp", "data-fp");
    }

    private static ResultRow resultRow() {
        return new ResultRow("0123456789abcdef", RunConfig.of(budgetCandidate().config()),
                new Outcome.Measured(new Measurements(new Footprint(10_000, 5_000, 40_000, 21_000, 18_000, 20_000,
                        10_000, -1, List.of(new LayerCount(0, "DenseLayer", 10_000, 5_000))), 0.9, 0.3, Double.NaN,
                        1.25, 1500)),
                new Provenance(7, 0, "local", 0, "2024-01-01T00:00:00Z", "2024-01-01T00:00:02Z", "spec", "model",
                        "data", "prunesweep 0.1"));
    }

    private Object roundTrip(Object value) {
        Output out = new Output(4096, -1);
        kryo.writeClassAndObject(out, value);
        return kryo.readClassAndObject(new Input(out.toBytes()));
    }

    /**
     * What an attacker who knows the registration ids sends: the id of a registered record, then a Java
     * stream naming another class. Written by a Kryo whose serializer for {@code posingAs} ignores the value.
     */
    private static byte[] crafted(Kryo writer, Class<?> posingAs, Object posingValue, Serializer<Object> inner,
            Object payload) {
        writer.register(posingAs, new Serializer<Object>() {
            @Override
            public void write(Kryo k, Output out, Object ignored) {
                inner.write(k, out, payload);
            }

            @Override
            public Object read(Kryo k, Input in, Class<Object> type) {
                throw new UnsupportedOperationException("write-only");
            }
        });
        Output out = new Output(4096, -1);
        writer.writeClassAndObject(out, posingValue);
        return out.toBytes();
    }

    private byte[] crafted(Class<?> posingAs, Object posingValue, Object payload) {
        Kryo writer = new KryoSerializer(Sessions.applyDefaults(new SparkConf(false))).newKryo();
        return crafted(writer, posingAs, posingValue, new FilteredJavaSerializer(), payload);
    }

    @Test
    void shippedRecordsRoundTrip() {
        for (Object value : List.of(budgetCandidate(), resultRow(), new SensitivityJob.Task(2, 0.75, "l2-r0.75-x"),
                new SensitivityRow("k", 0, "DenseLayer", 100, 0.5, "magnitude", "element", SensitivityRow.OK, "", 0.8,
                        0.9, 50, 100, 200))) {
            assertEquals(value, roundTrip(value));
        }
    }

    @Test
    void streamNamingAJdkGadgetCarrierIsRefused() {
        byte[] bytes = crafted(Candidate.class, budgetCandidate(), new PriorityQueue<>(List.of(3, 1, 2)));
        KryoException e = assertThrows(KryoException.class, () -> kryo.readClassAndObject(new Input(bytes)));
        assertTrue(e.getMessage().contains("class java.util.PriorityQueue is not on prunesweep's allow-list"),
                e.getMessage());
    }

    @Test
    void classOutsideTheListNeverRunsItsCode() {
        byte[] bytes = crafted(ResultRow.class, resultRow(), new Tripwire());
        assertThrows(KryoException.class, () -> kryo.readClassAndObject(new Input(bytes)));
        assertFalse(Tripwire.tripped);
    }

    @Test
    void classNestedInsideAnAllowedCollectionIsRefused() {
        byte[] bytes = crafted(Candidate.class, budgetCandidate(), List.of(1.0, new Tripwire()));
        assertThrows(KryoException.class, () -> kryo.readClassAndObject(new Input(bytes)));
        assertFalse(Tripwire.tripped);
    }

    @Test
    void withoutTheFilterTheSamePayloadRunsItsCode() {
        // what the registrator did before: Kryo's plain JavaSerializer instantiates whatever the stream names
        Kryo plain = new Kryo();
        plain.register(Candidate.class, new JavaSerializer());
        byte[] bytes = crafted(new Kryo(), Candidate.class, budgetCandidate(), new JavaSerializer(), new Tripwire());
        Object read = plain.readClassAndObject(new Input(bytes));
        assertInstanceOf(Tripwire.class, read);
        assertTrue(Tripwire.tripped);
    }

    @Test
    void ruleAdmitsOnlyRecordsAndEnumsOfValuePackagesAndFixedJdkTypes() {
        assertTrue(ShippedTypeFilter.allows(Candidate.class));
        assertTrue(ShippedTypeFilter.allows(Granularity.class));
        assertTrue(ShippedTypeFilter.allows(LayerCount[].class));
        assertTrue(ShippedTypeFilter.allows(Double.class));
        assertFalse(ShippedTypeFilter.allows(CandidateJob.class), "executor code in a value package is not a value");
        assertFalse(ShippedTypeFilter.allows(HashMap.class));
        assertFalse(ShippedTypeFilter.allows(PriorityQueue.class));
        assertFalse(ShippedTypeFilter.allows(Tripwire.class));
    }
}
