package io.prunesweep.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {

    @Test
    void idsAreTheSpecSpellingsAndParseBack() {
        assertEquals(List.of("magnitude", "random", "l1", "l2", "taylor", "bn"),
                Arrays.stream(CriterionKind.values()).map(CriterionKind::id).toList());
        assertEquals(List.of("element", "neuron", "channel", "nm", "block"),
                Arrays.stream(Granularity.values()).map(Granularity::id).toList());
        assertEquals(List.of("layer", "global"), Arrays.stream(Scope.values()).map(Scope::id).toList());
        assertEquals(List.of("one-shot", "iterative", "gradual", "lottery", "lottery-reinit"),
                Arrays.stream(ScheduleKind.values()).map(ScheduleKind::id).toList());
        for (CriterionKind c : CriterionKind.values()) {
            assertEquals(c, CriterionKind.parse(c.id()));
        }
        assertEquals(ScheduleKind.ONE_SHOT, ScheduleKind.parse(" One-Shot "));
        assertEquals(Granularity.CHANNEL, Granularity.parse("channel"));
        assertEquals(Scope.GLOBAL, Scope.parse("GLOBAL"));
    }

    @Test
    void unknownValueListsAllowedIds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CriterionKind.parse("magnitud"));
        assertEquals("unknown criterion 'magnitud'; allowed: magnitude, random, l1, l2, taylor, bn", e.getMessage());
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class, () -> ScheduleKind.parse("one_shot"));
        assertEquals("unknown schedule 'one_shot'; allowed: one-shot, iterative, gradual, lottery, lottery-reinit", s.getMessage());
    }
}
