package io.prunesweep.sweep;

import io.prunesweep.metric.Metric;
import io.prunesweep.pareto.Objective;
import io.prunesweep.pareto.ParetoFront;
import io.prunesweep.results.ResultRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Successive halving's selection between rungs (JDK only): which of a rung's candidates go on to the next one.
 *
 * <p>Order: ok rows by non-dominated front rank over the spec's objectives (rank 0 first), within a rank by
 * hypervolume contribution to that rank's own front (largest first; measured against the sweep's reference
 * point), then by candidate id; failed rows after every ok row, by id. The first {@link #keep} are kept. The
 * order depends only on the rows' values and ids, so a resumed sweep picks the same candidates.
 */
public final class Halving {
    private Halving() {
    }

    /** How many of {@code n} candidates the next rung keeps: max(1, ⌊n / eta⌋) (0 when n is 0). */
    public static int keep(int n, int eta) {
        return n == 0 ? 0 : Math.max(1, n / eta);
    }

    /**
     * The rows in selection order (see the class comment).
     *
     * @param rows       one rung's rows
     * @param objectives the objectives
     * @param reference  hypervolume reference point, one value per objective
     */
    public static List<ResultRow> order(List<ResultRow> rows, List<Metric> objectives, double[] reference) {
        List<Objective> objs = Metric.objectives(objectives);
        List<ResultRow> ok = rows.stream().filter(ResultRow::ok)
                .filter(r -> objectives.stream().noneMatch(o -> Double.isNaN(r.value(o)))).toList();
        List<double[]> points = new ArrayList<>();
        for (ResultRow r : ok) {
            double[] v = new double[objectives.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.value(objectives.get(i));
            }
            points.add(v);
        }
        List<Integer> rank = ParetoFront.nonDominatedSorting(points, objs);
        Map<Integer, ParetoFront<ResultRow>> fronts = new HashMap<>();
        for (int i = 0; i < ok.size(); i++) {
            fronts.merge(rank.get(i), ParetoFront.<ResultRow>empty(objs, ResultRow::candidateId).add(ok.get(i),
                    points.get(i)), ParetoFront::merge);
        }
        Map<String, Double> contribution = new HashMap<>();
        Map<String, Integer> rankOf = new HashMap<>();
        for (int i = 0; i < ok.size(); i++) {
            ResultRow r = ok.get(i);
            rankOf.put(r.candidateId(), rank.get(i));
            contribution.put(r.candidateId(), fronts.get(rank.get(i)).hypervolumeContribution(r, reference));
        }
        List<ResultRow> sorted = new ArrayList<>(ok);
        sorted.sort(Comparator.comparingInt((ResultRow r) -> rankOf.get(r.candidateId()))
                .thenComparing(Comparator.comparingDouble((ResultRow r) -> contribution.get(r.candidateId())).reversed())
                .thenComparing(ResultRow::candidateId));
        rows.stream().filter(r -> !ok.contains(r)).sorted(Comparator.comparing(ResultRow::candidateId))
                .forEach(sorted::add);
        return sorted;
    }

    /** The ids of the first {@link #keep}(rows, eta) rows in {@link #order}. */
    public static List<String> select(List<ResultRow> rows, List<Metric> objectives, double[] reference, int eta) {
        // a failed candidate (usually a deterministic failure) is never promoted to a bigger budget
        return order(rows, objectives, reference).stream().filter(ResultRow::ok).limit(keep(rows.size(), eta))
                .map(ResultRow::candidateId).toList();
    }
}
