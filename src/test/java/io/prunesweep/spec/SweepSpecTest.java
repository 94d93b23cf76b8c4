package io.prunesweep.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.metric.Metric;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepSpecTest {

    private static SweepSpec spec(SearchSettings search, long seed) {
        return new SweepSpec("t", seed, ModelSpec.ofZoo("mlp"), DataSpec.defaults(), CandidateTest.space(), search,
                null, null, null);
    }

    @Test
    void gridNestsCriterionOutermostAndLearningRateInnermost() {
        SearchSpace s = CandidateTest.space();
        List<CandidateConfig> grid = s.grid();
        assertEquals(3L * 2 * 2 * 2 * 1 * 2 * 2, s.size());
        assertEquals(s.size(), grid.size());
        assertEquals(grid.size(), new HashSet<>(grid).size());
        assertEquals(CriterionKind.MAGNITUDE, grid.get(0).method().criterion());
        assertEquals(0.001, grid.get(0).fineTune().learningRate());
        assertEquals(0.01, grid.get(1).fineTune().learningRate());
        assertEquals(CriterionKind.RANDOM, grid.get(grid.size() - 1).method().criterion());
    }

    @Test
    void searchSpaceRejectsEmptyAndDuplicateLists() {
        SearchSpace s = CandidateTest.space();
        SpecViolation dup = assertThrows(SpecViolation.class, () -> new TargetSpace(List.of(0.5, 0.50)));
        assertEquals("sparsity[1] = 0.5: duplicate value (same as sparsity[0])", dup.getMessage());
        SpecViolation empty = assertThrows(SpecViolation.class, () -> new MethodSpace(List.of(),
                s.method().granularities(), s.method().scopes()));
        assertEquals("criterion = []: must list at least one value", empty.getMessage());
    }

    @Test
    void gridSearchReturnsTheWholeGrid() {
        assertEquals(CandidateTest.space().grid(), spec(SearchSettings.grid(), 1).candidates());
    }

    @Test
    void randomSearchDrawsDistinctConfigsReproducibly() {
        List<CandidateConfig> a = spec(SearchSettings.random(10), 7).candidates();
        assertEquals(10, a.size());
        assertEquals(10, new HashSet<>(a).size());
        assertTrue(CandidateTest.space().grid().containsAll(a));
        assertEquals(a, spec(SearchSettings.random(10), 7).candidates());
        assertNotEquals(a, spec(SearchSettings.random(10), 8).candidates());
        List<CandidateConfig> all = spec(SearchSettings.random(1000), 7).candidates();
        assertEquals(new HashSet<>(CandidateTest.space().grid()), new HashSet<>(all));
        assertThrows(IllegalArgumentException.class, () -> SearchSettings.random(0));
    }

    @Test
    void defaultsAndValidation() {
        SweepSpec s = spec(SearchSettings.grid(), 1);
        assertEquals(List.of(Metric.VAL_ACCURACY, Metric.NONZERO_PARAMS), s.objectives());
        assertTrue(s.canonical().contains("\nobjectives=val_accuracy,nonzero_params\n"), "hashed by metric id");
        assertEquals(0, s.spark().parallelism());
        assertEquals("target/sweeps/t", s.output());
        assertEquals(DataSpec.DEFAULT_IDX_DIR, s.data().dir());
        assertThrows(IllegalArgumentException.class, () -> new SweepSpec("bad name", 1, ModelSpec.ofZoo("mlp"),
                DataSpec.defaults(), CandidateTest.space(), SearchSettings.grid(), null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new SweepSpec("t", 1, ModelSpec.ofZoo("mlp"),
                DataSpec.defaults(), CandidateTest.space(), SearchSettings.grid(),
                List.of(Metric.FLOPS, Metric.FLOPS), null, null));
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec("a.zip", "mlp", 1, 1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec(null, "vgg", 1, 1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new DataSpec("csv", null, null, null, null, null, 0, 0, 0, 0, null));
    }

    @Test
    void specHashTracksContent() {
        SweepSpec a = spec(SearchSettings.grid(), 1);
        assertEquals(a.specHash(), spec(SearchSettings.grid(), 1).specHash());
        assertNotEquals(a.specHash(), spec(SearchSettings.grid(), 2).specHash());
        assertNotEquals(a.specHash(), spec(SearchSettings.random(3), 1).specHash());
        assertTrue(a.specHash().matches("[0-9a-f]{64}"));
    }
}
