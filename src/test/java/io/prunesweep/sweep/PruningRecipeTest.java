package io.prunesweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.prune.PruneSettings;
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
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The recipe's own rules; that it prunes exactly as before is {@link PruningRecipeEquivalenceTest}. */
class PruningRecipeTest {
    private static final PruneSettings S = new PruneSettings(CriterionKind.MAGNITUDE, Granularity.ELEMENT, Scope.LAYER,
            0.5, false, 1, 7L);

    @Test
    void aCandidateRecipeCarriesItsScheduleFineTuneAndSettings() {
        CandidateConfig cfg = new CandidateConfig(new PruneMethod(CriterionKind.L2, Granularity.NEURON, Scope.GLOBAL),
                new PruneTarget(0.4), new Schedule(ScheduleKind.ITERATIVE, 3), new FineTune(2, 0.01, 32),
                new Caps(true, 0.8));
        PruningRecipe r = PruningRecipe.forCandidate(cfg, 99L, null);
        assertEquals(new PruningRecipe(PruneSettings.forCandidate(cfg, 99L, null), ScheduleKind.ITERATIVE, 3, 2, 0.01,
                32), r);
        assertEquals(99L, r.settings().seed(), "the mask seed orders the data and seeds the scores");
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new PruningRecipe(S, ScheduleKind.ITERATIVE, 0, 1, 0.1, 8)).getMessage().contains("rounds"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new PruningRecipe(S, ScheduleKind.ONE_SHOT, 1, -1, 0.1, 8)).getMessage().contains("epochs"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new PruningRecipe(S, ScheduleKind.ONE_SHOT, 1, 1, 0.1, 0)).getMessage().contains("batchSize"));
        assertThrows(NullPointerException.class, () -> new PruningRecipe(null, ScheduleKind.ONE_SHOT, 1, 1, 0.1, 8));
    }

    @Test
    void savedFilesSitNextToTheModelUnderItsStem() {
        assertEquals(Path.of("out/c1.masks.json"), PruningRecipe.sibling(Path.of("out/c1.zip"), ".masks.json"));
        assertEquals(Path.of("out/c1.shrunk.zip"), PruningRecipe.sibling(Path.of("out/c1.zip"), ".shrunk.zip"));
        assertEquals(Path.of("out/model.masks.json"), PruningRecipe.sibling(Path.of("out/model"), ".masks.json"));
    }
}
