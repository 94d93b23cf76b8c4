package io.prunesweep.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.metric.Metric;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CandidateTest {

    static final CandidateConfig BASE = CandidateTest.cfg(CriterionKind.MAGNITUDE, Granularity.ELEMENT, Scope.LAYER,
            0.9, ScheduleKind.ONE_SHOT, 1, 0.001, 128, false, 0.99);

    /** A configuration in the order of its canonical form, with rounds 1 and the default nm/block pattern. */
    static CandidateConfig cfg(CriterionKind c, Granularity g, Scope s, double sparsity, ScheduleKind k, int epochs,
            double lr, int batch, boolean pruneOutput, double cap) {
        return cfg(c, g, s, sparsity, k, 1, epochs, lr, batch, pruneOutput, cap,
                g == Granularity.NM ? NmPattern.DEFAULT : null, g == Granularity.BLOCK ? BlockShape.DEFAULT : null);
    }

    /** A configuration in the order of its canonical form. */
    static CandidateConfig cfg(CriterionKind c, Granularity g, Scope s, double sparsity, ScheduleKind k, int rounds,
            int epochs, double lr, int batch, boolean pruneOutput, double cap, NmPattern nm, BlockShape block) {
        return new CandidateConfig(new PruneMethod(c, g, s, nm, block), new PruneTarget(sparsity),
                new Schedule(k, rounds), new FineTune(epochs, lr, batch), new Caps(pruneOutput, cap));
    }

    static SearchSpace space() {
        return new SearchSpace(new MethodSpace(List.of(CriterionKind.MAGNITUDE, CriterionKind.L2, CriterionKind.RANDOM),
                List.of(Granularity.ELEMENT, Granularity.NEURON), List.of(Scope.LAYER, Scope.GLOBAL)),
                new TargetSpace(List.of(0.5, 0.9)), new ScheduleSpace(List.of(ScheduleKind.ONE_SHOT)),
                new FineTuneSpace(List.of(0, 1), List.of(0.001, 0.01), 128), new Caps(false, 0.99));
    }

    @Test
    void negativeZeroIsTheSameSparsityAsZeroSoItCannotMakeTwoCandidatesWithOneId() {
        SpecViolation e = assertThrows(SpecViolation.class, () -> new TargetSpace(List.of(0.0, -0.0)));
        assertEquals("sparsity[1] = 0: duplicate value (same as sparsity[0])", e.getMessage());
        TargetSpace one = new TargetSpace(List.of(-0.0));
        assertEquals(0.0, one.sparsities().get(0));
        assertEquals(Double.doubleToLongBits(0.0), Double.doubleToLongBits(one.sparsities().get(0)));
    }

    @Test
    void canonicalRendersEveryFieldStably() {
        assertEquals("criterion=magnitude;granularity=element;scope=layer;sparsity=0.9;schedule=one-shot;rounds=1;"
                + "fineTuneEpochs=1;learningRate=0.001;batchSize=128;pruneOutputLayer=false;maxLayerSparsity=0.99",
                BASE.canonical());
        CandidateConfig zero = CandidateTest.cfg(CriterionKind.L1, Granularity.CHANNEL, Scope.GLOBAL, 0.0,
                ScheduleKind.ONE_SHOT, 0, 1e-4, 1, true, 1.0);
        assertEquals("criterion=l1;granularity=channel;scope=global;sparsity=0;schedule=one-shot;rounds=1;fineTuneEpochs=0;"
                + "learningRate=0.0001;batchSize=1;pruneOutputLayer=true;maxLayerSparsity=1", zero.canonical());
    }

    @Test
    void roundsAndPatternsAreInTheIdentityOnlyWhereTheyApply() {
        CandidateConfig it3 = CandidateTest.cfg(CriterionKind.MAGNITUDE, Granularity.ELEMENT, Scope.LAYER, 0.9,
                ScheduleKind.ITERATIVE, 3, 1, 0.001, 128, false, 0.99, null, null);
        assertTrue(it3.canonical().contains(";schedule=iterative;rounds=3;"), it3.canonical());
        CandidateConfig nm = CandidateTest.cfg(CriterionKind.MAGNITUDE, Granularity.NM, Scope.LAYER, 0.5,
                ScheduleKind.ONE_SHOT, 1, 1, 0.001, 128, false, 0.99, NmPattern.parse("2:4"), null);
        assertTrue(nm.canonical().endsWith(";nm=2:4"), nm.canonical());
        CandidateConfig block = CandidateTest.cfg(CriterionKind.L2, Granularity.BLOCK, Scope.GLOBAL, 0.8,
                ScheduleKind.GRADUAL, 1, 1, 0.001, 128, false, 0.99, null, BlockShape.parse("4x1"));
        assertTrue(block.canonical().endsWith(";block=4x1"), block.canonical());
        assertEquals("rounds = 3: schedule one-shot has no rounds; rounds must be 1", assertThrows(
                SpecViolation.class, () -> cfg(CriterionKind.MAGNITUDE, Granularity.ELEMENT, Scope.LAYER, 0.9,
                        ScheduleKind.ONE_SHOT, 3, 1, 0.001, 128, false, 0.99, null, null)).getMessage());
        assertEquals("sparsity = 0.9: granularity nm 2:4 implies sparsity 0.5", assertThrows(SpecViolation.class,
                () -> cfg(CriterionKind.MAGNITUDE, Granularity.NM, Scope.LAYER, 0.9, ScheduleKind.ONE_SHOT, 1, 1,
                        0.001, 128, false, 0.99, NmPattern.DEFAULT, null)).getMessage());
        assertEquals("nm: an N:M pattern is given exactly for granularity nm", assertThrows(SpecViolation.class,
                () -> new PruneMethod(CriterionKind.L1, Granularity.NM, Scope.LAYER, null, null)).getMessage());
        assertEquals("a budget candidate has scope layer, sparsity 0 and granularity element, neuron or channel",
                assertThrows(SpecViolation.class, () -> new CandidateConfig(new PruneMethod(CriterionKind.L1,
                        Granularity.ELEMENT, Scope.GLOBAL), new PruneTarget(0, new Budget(Metric.FLOPS, 5)),
                        new Schedule(ScheduleKind.ONE_SHOT), new FineTune(1, 0.1, 1), Caps.defaults())).getMessage());
        assertThrows(IllegalArgumentException.class, () -> NmPattern.parse("4:4"));
        assertThrows(IllegalArgumentException.class, () -> NmPattern.parse("0:4"));
        assertThrows(IllegalArgumentException.class, () -> BlockShape.parse("0x4"));
        assertThrows(IllegalArgumentException.class, () -> BlockShape.parse("4*1"));
    }

    @Test
    void gridNormalisesNmAndRounds() {
        SearchSpace s = new SearchSpace(new MethodSpace(List.of(CriterionKind.MAGNITUDE),
                List.of(Granularity.ELEMENT, Granularity.NM), List.of(Scope.LAYER, Scope.GLOBAL), new NmPattern(1, 4),
                BlockShape.DEFAULT), new TargetSpace(List.of(0.5, 0.9)),
                new ScheduleSpace(List.of(ScheduleKind.ONE_SHOT, ScheduleKind.ITERATIVE), 4),
                new FineTuneSpace(List.of(2), List.of(0.001), 128), new Caps(false, 0.99));
        List<CandidateConfig> grid = s.grid();
        assertEquals(s.size(), grid.size());
        assertEquals(2 * 2 * 2 + 2, grid.size(), "nm: one scope and its implied sparsity per schedule");
        for (CandidateConfig c : grid) {
            assertEquals(c.schedule().kind() == ScheduleKind.ITERATIVE ? 4 : 1, c.schedule().rounds());
            if (c.method().granularity() == Granularity.NM) {
                assertEquals(0.75, c.target().sparsity());
                assertEquals(Scope.LAYER, c.method().scope());
            }
        }
    }

    @Test
    void canonicalIgnoresDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertTrue(BASE.canonical().contains("sparsity=0.9;"), BASE.canonical());
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void configValidation() {
        assertThrows(IllegalArgumentException.class, () -> withSparsity(1.0));
        assertThrows(IllegalArgumentException.class, () -> withSparsity(-0.1));
        assertThrows(IllegalArgumentException.class, () -> withSparsity(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> CandidateTest.cfg(CriterionKind.L1, Granularity.ELEMENT,
                Scope.LAYER, 0.5, ScheduleKind.ONE_SHOT, -1, 0.001, 128, false, 0.99));
        assertThrows(IllegalArgumentException.class, () -> CandidateTest.cfg(CriterionKind.L1, Granularity.ELEMENT,
                Scope.LAYER, 0.5, ScheduleKind.ONE_SHOT, 1, 0, 128, false, 0.99));
        assertThrows(IllegalArgumentException.class, () -> CandidateTest.cfg(CriterionKind.L1, Granularity.ELEMENT,
                Scope.LAYER, 0.5, ScheduleKind.ONE_SHOT, 1, 0.001, 0, false, 0.99));
        assertThrows(IllegalArgumentException.class, () -> CandidateTest.cfg(CriterionKind.L1, Granularity.ELEMENT,
                Scope.LAYER, 0.5, ScheduleKind.ONE_SHOT, 1, 0.001, 128, false, 0));
        assertEquals(0.0, withSparsity(0.0).target().sparsity());
    }

    private static CandidateConfig withSparsity(double s) {
        return CandidateTest.cfg(CriterionKind.L1, Granularity.ELEMENT, Scope.LAYER, s, ScheduleKind.ONE_SHOT, 1,
                0.001, 128, false, 0.99);
    }

    @Test
    void idsAndSeedsDependOnContentNotGridPosition() {
        List<CandidateConfig> grid = space().grid();
        Map<String, Candidate> byCanonical = grid.stream().map(c -> Candidate.of(c, 42, "m", "d"))
                .collect(Collectors.toMap(c -> c.config().canonical(), Function.identity()));
        List<CandidateConfig> shuffled = new ArrayList<>(grid);
        Collections.shuffle(shuffled, new Random(1));
        for (CandidateConfig c : shuffled) {
            assertEquals(byCanonical.get(c.canonical()), Candidate.of(c, 42, "m", "d"));
        }
        // A differently nested grid over the same values yields the same candidates.
        SearchSpace s = space();
        SearchSpace reordered = new SearchSpace(new MethodSpace(
                List.of(CriterionKind.RANDOM, CriterionKind.L2, CriterionKind.MAGNITUDE),
                List.of(Granularity.NEURON, Granularity.ELEMENT), s.method().scopes()),
                new TargetSpace(List.of(0.9, 0.5)), s.schedule(), s.fineTune(), s.caps());
        Set<Candidate> a = grid.stream().map(c -> Candidate.of(c, 42, "m", "d")).collect(Collectors.toSet());
        Set<Candidate> b = reordered.grid().stream().map(c -> Candidate.of(c, 42, "m", "d")).collect(Collectors.toSet());
        assertEquals(a, b);
        assertEquals(grid.size(), a.stream().map(Candidate::id).distinct().count(), "ids are unique");
        assertEquals(grid.size(), a.stream().map(Candidate::seed).distinct().count(), "seeds are unique");
    }

    @Test
    void idFollowsTheDocumentedRecipe() throws Exception {
        Candidate c = Candidate.of(BASE, 42, "model-fp", "data-fp");
        String expectedId = Canon.sha256Hex(BASE.canonical() + "|model-fp|data-fp|42").substring(0, 16);
        assertEquals(expectedId, c.id());
        assertEquals(java.nio.ByteBuffer.wrap(Canon.sha256("42|" + BASE.canonical())).getLong(), c.seed());
        assertTrue(c.id().matches("[0-9a-f]{16}"));
    }

    @Test
    void anyFieldChangeChangesTheId() {
        List<CandidateConfig> variants = List.of(BASE,
                CandidateTest.cfg(CriterionKind.L2, Granularity.ELEMENT, Scope.LAYER, 0.9, ScheduleKind.ONE_SHOT, 1, 0.001, 128, false, 0.99),
                CandidateTest.cfg(CriterionKind.MAGNITUDE, Granularity.NEURON, Scope.LAYER, 0.9, ScheduleKind.ONE_SHOT, 1, 0.001, 128, false, 0.99),
                CandidateTest.cfg(CriterionKind.MAGNITUDE, Granularity.ELEMENT, Scope.GLOBAL, 0.9, ScheduleKind.ONE_SHOT, 1, 0.001, 128, false, 0.99),
                CandidateTest.cfg(CriterionKind.MAGNITUDE, Granularity.ELEMENT, Scope.LAYER, 0.8, ScheduleKind.ONE_SHOT, 1, 0.001, 128, false, 0.99),
                CandidateTest.cfg(CriterionKind.MAGNITUDE, Granularity.ELEMENT, Scope.LAYER, 0.9, ScheduleKind.ONE_SHOT, 2, 0.001, 128, false, 0.99),
                CandidateTest.cfg(CriterionKind.MAGNITUDE, Granularity.ELEMENT, Scope.LAYER, 0.9, ScheduleKind.ONE_SHOT, 1, 0.002, 128, false, 0.99),
                CandidateTest.cfg(CriterionKind.MAGNITUDE, Granularity.ELEMENT, Scope.LAYER, 0.9, ScheduleKind.ONE_SHOT, 1, 0.001, 64, false, 0.99),
                CandidateTest.cfg(CriterionKind.MAGNITUDE, Granularity.ELEMENT, Scope.LAYER, 0.9, ScheduleKind.ONE_SHOT, 1, 0.001, 128, true, 0.99),
                CandidateTest.cfg(CriterionKind.MAGNITUDE, Granularity.ELEMENT, Scope.LAYER, 0.9, ScheduleKind.ONE_SHOT, 1, 0.001, 128, false, 0.98));
        Set<String> ids = new HashSet<>();
        for (CandidateConfig v : variants) {
            ids.add(Candidate.of(v, 42, "m", "d").id());
        }
        ids.add(Candidate.of(BASE, 43, "m", "d").id());
        ids.add(Candidate.of(BASE, 42, "m2", "d").id());
        ids.add(Candidate.of(BASE, 42, "m", "d2").id());
        assertEquals(variants.size() + 3, ids.size());
        assertNotEquals(Candidate.of(BASE, 42, "m", "d").seed(), Candidate.of(BASE, 43, "m", "d").seed());
        assertEquals(Candidate.of(BASE, 42, "m", "d").seed(), Candidate.of(BASE, 42, "other", "other").seed(),
                "the seed depends only on the configuration and the sweep seed");
    }

    @Test
    void equalDoublesGiveEqualIds() {
        CandidateConfig a = withSparsity(0.90);
        CandidateConfig b = withSparsity(Double.parseDouble("0.9000"));
        assertEquals(Candidate.of(a, 1, "m", "d"), Candidate.of(b, 1, "m", "d"));
    }

    @Test
    void candidatesSurviveJavaSerialization() throws Exception {
        Candidate c = Candidate.of(BASE, 42, "m", "d");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(c);
            out.writeObject(space());
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(c, in.readObject());
            assertEquals(space(), in.readObject());
        }
    }
}
