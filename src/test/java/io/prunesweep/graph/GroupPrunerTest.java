package io.prunesweep.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which units a plan removes, per group and globally, and the cap that keeps every group alive. */
class GroupPrunerTest {
    private static UnitGroup group(int id, int width, boolean prunable) {
        return new UnitGroup(id, "g" + id, width, List.of(), prunable, prunable ? null : "fixed");
    }

    private static final List<UnitGroup> GROUPS = List.of(group(0, 1, false), group(1, 4, true), group(2, 2, true));
    private static final Map<Integer, float[]> SCORES = Map.of(0, new float[] {0f},
            1, new float[] {0.4f, 0.1f, 0.3f, 0.2f}, 2, new float[] {5f, 0.25f});

    @Test
    void layerScopeRemovesTheLowestShareOfEachGroup() {
        GroupPruner.Plan p = GroupPruner.plan(GROUPS, SCORES, 0.5, false, 1.0);
        assertArrayEquals(new int[] {0, 2}, p.kept().get(1));
        assertArrayEquals(new int[] {0}, p.kept().get(2));
        assertFalse(p.kept().containsKey(0), "an unprunable group is never touched");
        assertEquals(3 / 6.0, p.achieved(), 1e-12);
        assertTrue(p.capped().isEmpty());
    }

    @Test
    void globalScopeRanksAllUnitsTogether() {
        GroupPruner.Plan p = GroupPruner.plan(GROUPS, SCORES, 0.5, true, 1.0);
        // the three lowest of 0.4, 0.1, 0.3, 0.2, 5, 0.25 are 0.1, 0.2, 0.25
        assertArrayEquals(new int[] {0, 2}, p.kept().get(1));
        assertArrayEquals(new int[] {0}, p.kept().get(2));
    }

    @Test
    void aRatioThatWouldEmptyAGroupIsCappedAndReported() {
        List<UnitGroup> groups = List.of(group(0, 2, true), group(1, 4, true));
        Map<Integer, float[]> scores = Map.of(0, new float[] {0.01f, 0.02f}, 1, new float[] {1f, 2f, 3f, 4f});
        GroupPruner.Plan layer = GroupPruner.plan(groups, scores, 0.9, false, 1.0);
        assertArrayEquals(new int[] {1}, layer.kept().get(0));
        assertArrayEquals(new int[] {3}, layer.kept().get(1));
        assertEquals(List.of("group 0 'g0': 2 of its 2 units were due for removal, 1 removed (capped: a group keeps "
                + "at least one unit and loses at most maxLayerSparsity of them)", "group 1 'g1': 4 of its 4 units were "
                + "due for removal, 3 removed (capped: a group keeps at least one unit and loses at most "
                + "maxLayerSparsity of them)"), layer.capped());
        GroupPruner.Plan global = GroupPruner.plan(groups, scores, 0.5, true, 0.5);
        // 3 of 6 due: g0's two lowest first, but g0 may lose only 1; then g1's lowest two
        assertArrayEquals(new int[] {1}, global.kept().get(0));
        assertArrayEquals(new int[] {2, 3}, global.kept().get(1));
        assertEquals(1, global.capped().size());
        assertTrue(global.capped().get(0).startsWith("group 0 'g0': 2 of its 2 units"), global.capped().get(0));
    }

    @Test
    void perGroupRatiosPruneEachListedGroupToItsOwnAndTheRestToTheDefault() {
        List<UnitGroup> groups = List.of(group(0, 4, true), group(1, 4, true), group(2, 2, true));
        Map<Integer, float[]> scores = Map.of(0, new float[] {0.4f, 0.1f, 0.3f, 0.2f},
                1, new float[] {4f, 3f, 2f, 1f}, 2, new float[] {5f, 0.25f});
        // group 0 to 0.75 (3 of 4), group 2 to 0.5 (1 of 2), group 1 unlisted: the default 0.25 (1 of 4)
        GroupPruner.Plan p = GroupPruner.plan(groups, scores, 0.25, Map.of(0, 0.75, 2, 0.5), false, 1.0);
        assertArrayEquals(new int[] {0}, p.kept().get(0));
        assertArrayEquals(new int[] {0, 1, 2}, p.kept().get(1));
        assertArrayEquals(new int[] {0}, p.kept().get(2));
        assertEquals(5 / 10.0, p.achieved(), 1e-12);
        // default 0: only the listed group loses units; the cap still binds on it
        GroupPruner.Plan only = GroupPruner.plan(groups, scores, 0, Map.of(1, 0.99), false, 0.5);
        assertEquals(Set.of(1), only.kept().keySet());
        assertArrayEquals(new int[] {0, 1}, only.kept().get(1));
        assertEquals(List.of("group 1 'g1': 4 of its 4 units were due for removal, 2 removed (capped: a group keeps "
                + "at least one unit and loses at most maxLayerSparsity of them)"), only.capped());
        assertThrows(IllegalArgumentException.class,
                () -> GroupPruner.plan(groups, scores, 0.5, Map.of(0, 0.5), true, 1.0), "global takes one ratio");
        assertThrows(IllegalArgumentException.class,
                () -> GroupPruner.plan(groups, scores, 0.5, Map.of(0, 1.0), false, 1.0), "ratio 1 empties a group");
    }
}
