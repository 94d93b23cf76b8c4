package io.prunesweep.spark;

import io.prunesweep.spec.Candidate;
import io.prunesweep.sweep.CandidateJob;
import io.prunesweep.results.ResultRow;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * The task function: runs one candidate on an executor. Holds only the small job description and the
 * broadcast handle of the base model bytes (shipped once per executor, not per task); the network is
 * rebuilt inside the task and the dataset comes from the executor's per-JVM cache.
 */
final class RunCandidate implements Function<Candidate, ResultRow> {
    private static final long serialVersionUID = 1L;

    private final CandidateJob job;
    private final Broadcast<byte[]> model;
    private final Broadcast<byte[]> init;
    /** The splits of a table dataset ({@link ShippedData}), or null when executors read the data files. */
    private final Broadcast<byte[]> data;

    RunCandidate(CandidateJob job, Broadcast<byte[]> model, Broadcast<byte[]> init, Broadcast<byte[]> data) {
        this.job = job;
        this.model = model;
        this.init = init;
        this.data = data;
    }

    @Override
    public ResultRow call(Candidate c) {
        ShippedData.receive(job.data(), data);
        TaskContext tc = TaskContext.get();
        String executor = SparkEnv.get() == null ? "local" : SparkEnv.get().executorId();
        return job.run(c, model.value(), init == null ? null : init.value(), executor, tc == null ? 0 : tc.attemptNumber());
    }
}
