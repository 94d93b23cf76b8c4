package io.prunesweep.graph;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which units of which groups go, from their scores ({@link GroupCriterion}), as the channel pruner
 * does for single layers: scope {@code layer} removes the lowest-scored fraction of every prunable group (one
 * ratio for all, or a ratio per group, as a budget allocation gives), scope {@code global} ranks the units of all
 * groups together and removes the lowest overall. Either way a group loses
 * at most {@code floor(maxGroupSparsity · width)} units and never all of them (an empty group would cut the
 * network in two); where that cap bites, the plan says so.
 */
public final class GroupPruner {
    private GroupPruner() {
    }

    /**
     * Which units stay.
     *
     * @param kept     per pruned group id, the increasing indices of the units kept (for {@link GraphSurgeon})
     * @param achieved fraction of the prunable units removed
     * @param capped   one line per group whose removal the cap limited
     */
    public record Plan(Map<Integer, int[]> kept, double achieved, List<String> capped) {
        public Plan {
            kept = Map.copyOf(kept);
            capped = List.copyOf(capped);
        }
    }

    /**
     * @param groups           the groups to prune (unprunable ones are skipped)
     * @param scores           per group id, one score per unit, higher = more important
     * @param sparsity         fraction of units to remove, in [0, 1)
     * @param global           one ranking over all groups rather than one per group
     * @param maxGroupSparsity the most any group may lose, in (0, 1]
     */
    public static Plan plan(List<UnitGroup> groups, Map<Integer, float[]> scores, double sparsity, boolean global,
                            double maxGroupSparsity) {
        return plan(groups, scores, sparsity, Map.of(), global, maxGroupSparsity);
    }

    /**
     * Layer scope with a ratio per group: a group listed in {@code groupSparsity} (group id → ratio) loses that
     * fraction of its units, any other {@code sparsity} (0 prunes only the listed groups). Caps as above.
     *
     * @param groupSparsity per group id, a ratio in [0, 1); must be empty for global scope
     * @throws IllegalArgumentException for a ratio outside [0, 1), or per-group ratios under global scope
     */
    public static Plan plan(List<UnitGroup> groups, Map<Integer, float[]> scores, double sparsity,
                            Map<Integer, Double> groupSparsity, boolean global, double maxGroupSparsity) {
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new IllegalArgumentException("sparsity must be in [0, 1), found " + sparsity);
        }
        if (global && !groupSparsity.isEmpty()) {
            throw new IllegalArgumentException("per-group sparsities need layer scope; global scope ranks all units "
                    + "against one ratio");
        }
        groupSparsity.forEach((id, r) -> {
            if (r == null || !(r >= 0 && r < 1)) {
                throw new IllegalArgumentException("group " + id + " sparsity must be in [0, 1), found " + r);
            }
        });
        if (!(maxGroupSparsity > 0 && maxGroupSparsity <= 1)) {
            throw new IllegalArgumentException("maxGroupSparsity must be in (0, 1], found " + maxGroupSparsity);
        }
        List<UnitGroup> targets = groups.stream().filter(UnitGroup::prunable).toList();
        Map<Integer, BitSet> removed = new LinkedHashMap<>();
        Map<Integer, Integer> caps = new LinkedHashMap<>();
        long total = 0;
        for (UnitGroup g : targets) {
            float[] s = scores.get(g.id());
            if (s == null || s.length != g.width()) {
                throw new IllegalArgumentException("group " + g.id() + " '" + g.name() + "' needs " + g.width()
                        + " scores, found " + (s == null ? "none" : s.length));
            }
            caps.put(g.id(), Math.min((int) Math.floor(maxGroupSparsity * g.width() + 1e-9), g.width() - 1));
            removed.put(g.id(), new BitSet());
            total += g.width();
        }
        List<String> capped = new ArrayList<>();
        long picked = 0;
        if (!global) {
            for (UnitGroup g : targets) {
                int want = (int) Math.round(groupSparsity.getOrDefault(g.id(), sparsity) * g.width());
                int k = Math.min(want, caps.get(g.id()));
                if (k < want) {
                    capped.add(note(g, want, k));
                }
                order(g, scores.get(g.id())).stream().limit(k).forEach(u -> removed.get(g.id()).set(u));
                picked += k;
            }
        } else {
            long want = Math.round(sparsity * total);
            List<long[]> all = new ArrayList<>();
            for (UnitGroup g : targets) {
                float[] s = scores.get(g.id());
                for (int u = 0; u < s.length; u++) {
                    all.add(new long[] {Float.floatToIntBits(s[u]), g.id(), u});
                }
            }
            // lowest score first; ties by group then unit, so the plan does not depend on map order
            all.sort(Comparator.<long[]>comparingDouble(a -> Float.intBitsToFloat((int) a[0]))
                    .thenComparingLong(a -> a[1]).thenComparingLong(a -> a[2]));
            Map<Integer, Integer> wanted = new LinkedHashMap<>();
            for (long[] a : all) {
                if (picked == want) {
                    break;
                }
                int id = (int) a[1];
                BitSet r = removed.get(id);
                if (r.cardinality() < caps.get(id)) {
                    r.set((int) a[2]);
                    picked++;
                } else {
                    wanted.merge(id, 1, Integer::sum);
                }
            }
            for (UnitGroup g : targets) {
                if (wanted.containsKey(g.id())) {
                    int k = removed.get(g.id()).cardinality();
                    capped.add(note(g, k + wanted.get(g.id()), k));
                }
            }
        }
        Map<Integer, int[]> kept = new LinkedHashMap<>();
        for (UnitGroup g : targets) {
            BitSet r = removed.get(g.id());
            if (!r.isEmpty()) {
                kept.put(g.id(), java.util.stream.IntStream.range(0, g.width()).filter(u -> !r.get(u)).toArray());
            }
        }
        return new Plan(kept, total == 0 ? 0 : (double) picked / total, capped);
    }

    private static List<Integer> order(UnitGroup g, float[] s) {
        List<Integer> units = new ArrayList<>();
        for (int u = 0; u < g.width(); u++) {
            units.add(u);
        }
        units.sort(Comparator.<Integer>comparingDouble(u -> s[u]).thenComparingInt(u -> u));
        return units;
    }

    private static String note(UnitGroup g, int wanted, int removed) {
        return "group " + g.id() + " '" + g.name() + "': " + wanted + " of its " + g.width()
                + " units were due for removal, " + removed + " removed (capped: a group keeps at least one unit and "
                + "loses at most maxLayerSparsity of them)";
    }
}
