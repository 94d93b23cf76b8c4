package io.prunesweep.pareto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * An immutable Pareto front over any number of objectives.
 *
 * <p>The front holds exactly the non-dominated items added to it: {@code a} dominates {@code b}
 * iff {@code a} is no worse than {@code b} in every objective and strictly better in at least one.
 * Items with identical value vectors do not dominate each other, so both stay. Every operation
 * returns a new front; the receiver never changes.
 *
 * <p>Items are identified by a string key (e.g. a candidate id). The key breaks ordering ties and
 * lets {@link #hypervolumeContribution} find a member. Adding an item whose key is already on the
 * front is a no-op when the values are identical and an error otherwise, so merging overlapping
 * fronts is safe.
 *
 * <p>{@link #members()} is ordered by the first objective best-first, then by the following
 * objectives best-first, then by key, so the front does not depend on the order items arrived in.
 *
 * <p>Size: about 350 lines, kept together because insertion, merging and non-dominated sorting share
 * one dominance rule and one value check; the knee and the hypervolume computation live in
 * {@code Knee} and {@code Hypervolume}.
 *
 * @param <T> the item type
 */
public final class ParetoFront<T> {

    /**
     * One non-dominated item with its objective values, in the order of the front's objectives.
     *
     * @param item   the item, non-null
     * @param values objective values; defensively copied in and out
     * @param <T>    the item type
     */
    public record Member<T>(T item, double[] values) {

        public Member {
            Objects.requireNonNull(item, "item");
            values = Objects.requireNonNull(values, "values").clone();
        }

        /** A copy of the objective values; the record stays immutable. */
        @Override
        public double[] values() {
            return values.clone();
        }

        /** The value of objective {@code i}, without copying the array. */
        public double value(int i) {
            return values[i];
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Member<?> m && item.equals(m.item) && Arrays.equals(values, m.values);
        }

        @Override
        public int hashCode() {
            return 31 * item.hashCode() + Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "Member[item=" + item + ", values=" + Arrays.toString(values) + "]";
        }
    }

    private final List<Objective> objectives;
    private final Function<T, String> key;
    private final List<Member<T>> members;

    private ParetoFront(List<Objective> objectives, Function<T, String> key, List<Member<T>> members) {
        this.objectives = objectives;
        this.key = key;
        this.members = members;
    }

    /**
     * An empty front.
     *
     * @param objectives at least one objective, names unique
     * @param key        a stable identity for items; must never return null
     */
    public static <T> ParetoFront<T> empty(List<Objective> objectives, Function<T, String> key) {
        Objects.requireNonNull(key, "key");
        List<Objective> objs = List.copyOf(Objects.requireNonNull(objectives, "objectives"));
        if (objs.isEmpty()) {
            throw new IllegalArgumentException("a Pareto front needs at least one objective");
        }
        if (objs.stream().map(Objective::name).distinct().count() != objs.size()) {
            throw new IllegalArgumentException("duplicate objective names: " + objs);
        }
        return new ParetoFront<>(objs, key, List.of());
    }

    /** The objectives, in value order. */
    public List<Objective> objectives() {
        return objectives;
    }

    /** The non-dominated members in their deterministic order (see class Javadoc). */
    public List<Member<T>> members() {
        return members;
    }

    /** Number of members. */
    public int size() {
        return members.size();
    }

    /** Whether the front has no members. */
    public boolean isEmpty() {
        return members.isEmpty();
    }

    /**
     * Returns the front with {@code item} offered to it: unchanged if {@code item} is dominated,
     * otherwise with {@code item} added and every member it dominates removed.
     *
     * @throws IllegalArgumentException if {@code values} has the wrong length or contains NaN, or
     *                                  the item's key is already on the front with other values
     */
    public ParetoFront<T> add(T item, double[] values) {
        Objects.requireNonNull(item, "item");
        String k = keyOf(item);
        double[] v = checked(values, objectives, "values for '" + k + "'");
        for (Member<T> m : members) {
            if (keyOf(m.item).equals(k)) {
                if (Arrays.equals(m.values, v)) {
                    return this;
                }
                throw new IllegalArgumentException("item '" + k + "' is already on the front with values "
                        + Arrays.toString(m.values) + ", cannot add it again with " + Arrays.toString(v));
            }
        }
        List<Member<T>> next = new ArrayList<>(members.size() + 1);
        for (Member<T> m : members) {
            if (dominates(m.values, v, objectives)) {
                return this;
            }
            if (!dominates(v, m.values, objectives)) {
                next.add(m);
            }
        }
        next.add(new Member<>(item, v));
        next.sort(order());
        return new ParetoFront<>(objectives, key, List.copyOf(next));
    }

    /**
     * The front of the union of both fronts' members.
     *
     * @throws IllegalArgumentException if the objectives differ or a key appears with different values
     */
    public ParetoFront<T> merge(ParetoFront<T> other) {
        Objects.requireNonNull(other, "other");
        if (!objectives.equals(other.objectives)) {
            throw new IllegalArgumentException("cannot merge fronts over different objectives: "
                    + objectives + " vs " + other.objectives);
        }
        ParetoFront<T> out = this;
        for (Member<T> m : other.members) {
            out = out.add(m.item, m.values);
        }
        return out;
    }

    /**
     * Whether {@code a} dominates {@code b}: no worse in every objective and strictly better in at
     * least one. Identical vectors do not dominate each other.
     */
    public static boolean dominates(double[] a, double[] b, List<Objective> objs) {
        if (a.length != objs.size() || b.length != objs.size()) {
            throw new IllegalArgumentException("expected " + objs.size() + " values, got "
                    + a.length + " and " + b.length);
        }
        boolean strictly = false;
        for (int i = 0; i < a.length; i++) {
            Direction d = objs.get(i).direction();
            double oa = d.oriented(a[i]);
            double ob = d.oriented(b[i]);
            if (oa < ob) {
                return false;
            }
            if (oa > ob) {
                strictly = true;
            }
        }
        return strictly;
    }

    /**
     * Non-dominated sorting: the front rank of every point, in input order. Rank 0 is the
     * non-dominated set, rank 1 is non-dominated once rank 0 is removed, and so on.
     *
     * @throws IllegalArgumentException if a point has the wrong length or contains NaN
     */
    public static List<Integer> nonDominatedSorting(List<double[]> points, List<Objective> objs) {
        int n = points.size();
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            p[i] = checked(points.get(i), objs, "point " + i);
        }
        // Deb's fast non-dominated sort: count dominators once, then peel fronts in O(n^2).
        int[] dominatorCount = new int[n];
        List<List<Integer>> dominatedBy = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            dominatedBy.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (dominates(p[i], p[j], objs)) {
                    dominatedBy.get(i).add(j);
                    dominatorCount[j]++;
                } else if (dominates(p[j], p[i], objs)) {
                    dominatedBy.get(j).add(i);
                    dominatorCount[i]++;
                }
            }
        }
        Integer[] rank = new Integer[n];
        List<Integer> current = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (dominatorCount[i] == 0) {
                current.add(i);
            }
        }
        for (int r = 0; !current.isEmpty(); r++) {
            List<Integer> next = new ArrayList<>();
            for (int i : current) {
                rank[i] = r;
                for (int j : dominatedBy.get(i)) {
                    if (--dominatorCount[j] == 0) {
                        next.add(j);
                    }
                }
            }
            current = next;
        }
        return List.of(rank);
    }

    /**
     * The exact hypervolume dominated by the front and bounded by {@code reference}.
     *
     * <p>Each objective is first oriented so that larger is better relative to the reference: a
     * MAXIMIZE value contributes {@code value - reference}, a MINIMIZE value
     * {@code reference - value}. A member then covers the box from the origin to its oriented
     * vector, and the result is the volume of the union of those boxes. Members that are not
     * strictly better than the reference in every objective cover nothing and are ignored, so the
     * reference should be a point worse than anything acceptable (e.g. accuracy 0, the dense
     * parameter count).
     *
     * <p>Computed by recursive slicing along the last objective (HSO); exact for any number of
     * objectives and fast enough for a few hundred members in up to four objectives.
     *
     * @throws IllegalArgumentException if {@code reference} has the wrong length or contains NaN
     */
    public double hypervolume(double[] reference) {
        return hypervolume(members, checked(reference, objectives, "reference"));
    }

    /**
     * How much hypervolume the front loses without {@code item}: the hypervolume of the front minus
     * that of the front without it (see {@link #hypervolume(double[])} for the space it is measured
     * in). Items not on the front, i.e. dominated ones, contribute 0.
     */
    public double hypervolumeContribution(T item, double[] reference) {
        double[] ref = checked(reference, objectives, "reference");
        String k = keyOf(item);
        List<Member<T>> without = new ArrayList<>(members.size());
        for (Member<T> m : members) {
            if (!keyOf(m.item).equals(k)) {
                without.add(m);
            }
        }
        if (without.size() == members.size()) {
            return 0.0;
        }
        // Both volumes come from the same algorithm, so rounding cannot make the difference negative
        // by more than an ulp or two; clamp so callers can rely on a non-negative score.
        return Math.max(0.0, hypervolume(members, ref) - hypervolume(without, ref));
    }

    /**
     * A balanced trade-off member, or empty for an empty front.
     *
     * <p>Each objective is normalised over the front to [0, 1] with the best value at 1 (an
     * objective on which all members agree normalises to 1). With exactly two objectives and at
     * least three members, the knee is the member farthest from the straight line joining the two
     * extreme members (best in the first objective, best in the second), on the side of the ideal
     * point (1, 1): the point where giving up one objective buys the most of the other. Otherwise —
     * more than two objectives, fewer than three members, or no member strictly on the ideal side of
     * that line (a straight or concave front) — it is the member closest in Euclidean distance to
     * the ideal point (1, …, 1). Ties go to the earlier member in {@link #members()} order.
     */
    public Optional<Member<T>> knee() {
        if (members.isEmpty()) {
            return Optional.empty();
        }
        double[][] values = new double[members.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = members.get(i).values;
        }
        return Optional.of(members.get(Knee.index(values, objectives)));
    }

    @Override
    public String toString() {
        return "ParetoFront" + objectives + members;
    }

    private double hypervolume(List<Member<T>> ms, double[] ref) {
        List<double[]> values = new ArrayList<>(ms.size());
        for (Member<T> m : ms) {
            values.add(m.values);
        }
        return Hypervolume.of(values, objectives, ref);
    }

    private Comparator<Member<T>> order() {
        return (x, y) -> {
            for (int j = 0; j < objectives.size(); j++) {
                Direction d = objectives.get(j).direction();
                int c = Double.compare(d.oriented(y.values[j]), d.oriented(x.values[j]));
                if (c != 0) {
                    return c;
                }
            }
            return keyOf(x.item).compareTo(keyOf(y.item));
        };
    }

    private String keyOf(T item) {
        return Objects.requireNonNull(key.apply(item), "key function returned null for " + item);
    }

    private static double[] checked(double[] values, List<Objective> objs, String what) {
        Objects.requireNonNull(values, what);
        if (values.length != objs.size()) {
            throw new IllegalArgumentException(what + ": expected " + objs.size() + " values "
                    + objs.stream().map(Objective::name).toList() + ", got " + values.length);
        }
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                throw new IllegalArgumentException(what + ": objective '" + objs.get(i).name()
                        + "' is NaN; every objective needs a measured value");
            }
            // Adding +0.0 turns -0.0 into 0.0, so equal vectors compare equal in Arrays.equals.
            out[i] = values[i] + 0.0;
        }
        return out;
    }
}
