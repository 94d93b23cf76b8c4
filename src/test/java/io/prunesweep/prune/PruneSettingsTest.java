package io.prunesweep.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.prunesweep.metric.Metric;
import io.prunesweep.spec.BlockShape;
import io.prunesweep.spec.Budget;
import io.prunesweep.spec.CandidateConfig;
import io.prunesweep.spec.Caps;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.FineTune;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.NmPattern;
import io.prunesweep.spec.PruneMethod;
import io.prunesweep.spec.PruneTarget;
import io.prunesweep.spec.Schedule;
import io.prunesweep.spec.ScheduleKind;
import io.prunesweep.spec.Scope;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one conversion from a candidate configuration to pruning settings. */
class PruneSettingsTest {

    private static CandidateConfig config(PruneMethod method, PruneTarget target) {
        return new CandidateConfig(method, target, new Schedule(ScheduleKind.ITERATIVE, 3), new FineTune(1, 0.01, 32),
                new Caps(true, 0.8));
    }

    @Test
    void aCandidateKeepsItsMethodCapsAndSparsity() {
        CandidateConfig block = config(new PruneMethod(CriterionKind.L2, Granularity.BLOCK, Scope.GLOBAL, null,
                new BlockShape(2, 2)), new PruneTarget(0.6));
        assertEquals(new PruneSettings(CriterionKind.L2, Granularity.BLOCK, Scope.GLOBAL, 0.6, true, 0.8, 9L, null,
                new BlockShape(2, 2), null), PruneSettings.forCandidate(block, 9L, Map.of(0, 0.5)));
        CandidateConfig nm = config(new PruneMethod(CriterionKind.TAYLOR, Granularity.NM, Scope.LAYER,
                new NmPattern(1, 4), null), new PruneTarget(0.75));
        PruneSettings s = PruneSettings.forCandidate(nm, 3L, null);
        assertEquals(new NmPattern(1, 4), s.nm());
        assertEquals(0.75, s.sparsity());
        assertEquals(Map.of(), s.layerSparsity());
    }

    @Test
    void aBudgetCandidatePrunesEachLayerToItsAllocatedRatio() {
        CandidateConfig budget = config(new PruneMethod(CriterionKind.MAGNITUDE, Granularity.NEURON, Scope.LAYER),
                new PruneTarget(0, new Budget(Metric.FLOPS, 1000)));
        PruneSettings s = PruneSettings.forCandidate(budget, 5L, Map.of(0, 0.3, 2, 0.7));
        assertEquals(0.7, s.sparsity(), "the largest ratio, which multi-round schedules scale");
        assertEquals(Map.of(0, 0.3, 2, 0.7), s.layerSparsity());
        assertEquals(0.8, s.maxLayerSparsity());
        assertThrows(PruneException.class, () -> PruneSettings.forCandidate(budget, 5L, null));
    }
}
