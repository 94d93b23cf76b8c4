package io.prunesweep.sweep;

import io.prunesweep.results.ResultRow;
import io.prunesweep.spec.Candidate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a sweep's work in a plain loop on the calling thread, one candidate after another, through the same
 * per-candidate and per-cell jobs a Spark task calls: for tests without Spark, and the benchmark's yardstick
 * for what Spark adds. There is no retry: a {@link TransientFailure} stops the sweep like a task Spark gave up
 * on, and a rerun resumes.
 */
public final class LocalRunner implements CandidateRunner {
    private final int threadsPerTask;
    private final String executorId;

    /** One native thread per candidate; rows name {@code local} as their executor. */
    public LocalRunner() {
        this(1, "local");
    }

    /**
     * @param threadsPerTask native threads each candidate may use, &gt; 0
     * @param executorId     what the rows record as their executor
     */
    public LocalRunner(int threadsPerTask, String executorId) {
        if (threadsPerTask <= 0) {
            throw new IllegalArgumentException("threadsPerTask must be > 0, found " + threadsPerTask);
        }
        if (executorId == null || executorId.isBlank()) {
            throw new IllegalArgumentException("executorId must not be blank");
        }
        this.threadsPerTask = threadsPerTask;
        this.executorId = executorId;
    }

    @Override
    public int threadsPerTask() {
        return threadsPerTask;
    }

    @Override
    public String where() {
        return "this thread (1 task slot)";
    }

    @Override
    public List<ResultRow> run(PreparedSweep p, List<Candidate> candidates, String stage, int of,
                               Consumer<String> progress) {
        byte[] model = p.base().bytes();
        List<ResultRow> rows = new ArrayList<>();
        long start = System.nanoTime();
        int failed = 0;
        for (Candidate c : candidates) {
            ResultRow r;
            try {
                r = p.job().run(c, model, p.initBytes(), executorId, 0);
            } catch (TransientFailure e) {
                throw new SweepException(e.getMessage() + "; finished candidates are kept in "
                        + p.store().resultsDir() + ", rerun to resume", 1);
            }
            rows.add(r);
            failed += r.ok() ? 0 : 1;
            progress.accept(String.format("[%d/%d done, %d failed, %.0fs elapsed]", rows.size(), candidates.size(),
                    failed, (System.nanoTime() - start) / 1e9));
        }
        return rows;
    }

    @Override
    public void measure(SensitivityStage stage, List<SensitivityJob.Task> cells) {
        SensitivityJob job = stage.job(threadsPerTask);
        byte[] model = stage.sweep().base().bytes();
        for (SensitivityJob.Task t : cells) {
            try {
                job.run(t, model);
            } catch (TransientFailure e) {
                throw new SweepException(e.getMessage() + "; finished cells are kept, rerun to resume", 1);
            }
        }
    }
}
