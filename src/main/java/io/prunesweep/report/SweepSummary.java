package io.prunesweep.report;

import io.prunesweep.metric.Metric;
import io.prunesweep.results.ResultRow;
import java.util.List;

/**
 * What a sweep was and how it went, as shown at the top of every report.
 *
 * @param sweepName            human name of the sweep
 * @param specHash             hash of the sweep spec
 * @param specFile             path of the spec file as given
 * @param modelFingerprint     base model fingerprint
 * @param dataFingerprint      dataset fingerprint
 * @param versions             prunesweep/DL4J/Spark versions
 * @param startedAt            ISO-8601 start of this run
 * @param finishedAt           ISO-8601 end of this run
 * @param objectives           the objectives; the first is plotted
 *                             on the y axis, the second on the x axis
 * @param baseline             the dense base model evaluated like a candidate (status ok, sparsity ~0), or
 *                             {@code null} when it was not evaluated
 * @param hypervolume          hypervolume of the front
 * @param hypervolumeReference description of the hypervolume's reference point
 * @param kneeId               candidate id of the knee of the front, or {@code null}
 * @param candidatesTotal      candidates in the spec
 * @param candidatesRun        candidates run by this run
 * @param candidatesSkipped    candidates skipped because an earlier run had finished them
 */
public record SweepSummary(String sweepName, String specHash, String specFile, String modelFingerprint,
                           String dataFingerprint, String versions, String startedAt, String finishedAt,
                           List<Metric> objectives, ResultRow baseline, double hypervolume,
                           String hypervolumeReference, String kneeId, long candidatesTotal, long candidatesRun,
                           long candidatesSkipped) {
    public SweepSummary {
        objectives = objectives == null ? List.of() : List.copyOf(objectives);
    }
}
