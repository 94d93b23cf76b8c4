package io.prunesweep.sweep;

import io.prunesweep.data.DataSource;
import io.prunesweep.data.DataSplits;
import io.prunesweep.model.InputSpec;
import io.prunesweep.model.ModelStore.LoadedModel;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.ResultStore;
import io.prunesweep.spec.Candidate;
import io.prunesweep.spec.CandidateConfig;
import io.prunesweep.spec.SweepSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything the driver knows before fanning out: the validated spec, the data, the base model, every
 * candidate of the spec, the ones still to run, and the job that runs one.
 *
 * @param spec       the sweep spec
 * @param specFile   where it was read from
 * @param store      the output directory
 * @param data       data source executors read
 * @param splits     the data as the driver read it
 * @param base       the base model
 * @param input      the model input
 * @param candidates every candidate of the spec, in spec order
 * @param pending    candidates with no result yet
 * @param job        the per-candidate job
 * @param baseline   the dense base model measured like a candidate
 * @param initBytes  the base model's initial weights (zip) when a lottery schedule needs them, else null
 */
public record PreparedSweep(SweepSpec spec, Path specFile, ResultStore store, DataSource data, DataSplits splits,
                            LoadedModel base, InputSpec input, List<Candidate> candidates, List<Candidate> pending,
                            CandidateJob job, ResultRow baseline, byte[] initBytes) {
    public PreparedSweep {
        candidates = List.copyOf(candidates);
        pending = List.copyOf(pending);
    }

    /**
     * The candidate of a configuration in this sweep: its id and seed derive from the configuration, the sweep
     * seed, and the base model's and data's fingerprints (successive halving makes each rung's this way).
     */
    public Candidate candidateOf(CandidateConfig config) {
        return candidateOf(config, spec, base, splits.fingerprint());
    }

    static Candidate candidateOf(CandidateConfig config, SweepSpec spec, LoadedModel base, String dataFingerprint) {
        return Candidate.of(config, spec.seed(), base.fingerprint(), dataFingerprint);
    }

    /** The same sweep with another per-candidate job (budget allocations, search settings). */
    public PreparedSweep withJob(CandidateJob j) {
        return new PreparedSweep(spec, specFile, store, data, splits, base, input, candidates, pending, j, baseline,
                initBytes);
    }

    /** The same sweep with other candidates (successive halving adds each rung's). */
    public PreparedSweep withCandidates(List<Candidate> all, List<Candidate> stillPending) {
        return new PreparedSweep(spec, specFile, store, data, splits, base, input, all, stillPending, job, baseline,
                initBytes);
    }
}
