package io.prunesweep.sweep;

import io.prunesweep.data.TableReader;
import io.prunesweep.results.ResultRow;
import io.prunesweep.spec.Candidate;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where a sweep's work runs: the candidates of one stage, and the cells of the sensitivity table. Each unit
 * writes its own result into the sweep's store (see {@link CandidateJob}, {@link SensitivityJob}), so a runner
 * only decides where and how concurrently they run; {@link SweepDriver} decides what runs and in which order.
 * The {@code spark} package runs them as Spark tasks; {@link LocalRunner} in a plain loop on the calling thread.
 */
public interface CandidateRunner {
    /** Native threads one candidate (or cell) may use where this runner runs it. */
    int threadsPerTask();

    /** Where the work runs, for the sweep's opening line: {@code local[2] (2 task slots)}. */
    String where();

    /**
     * Runs candidates; each writes its own result file.
     *
     * @param p          the prepared sweep (its job, base model and store)
     * @param candidates the candidates to run, none of them already done
     * @param stage      names the stage ({@code rung 1/3 (2 fine-tune epochs)}), or null for a sweep of one stage
     * @param of         how many candidates the stage has in all, done ones included
     * @param progress   receives progress lines
     * @return the rows these runs wrote, in no particular order
     * @throws SweepException (exit 1) when the work cannot finish; finished results stay in the store
     */
    List<ResultRow> run(PreparedSweep p, List<Candidate> candidates, String stage, int of, Consumer<String> progress);

    /**
     * Measures sensitivity cells; each writes its own file under {@code <out>/sensitivity/}.
     *
     * @param stage the sensitivity stage (its job and base model)
     * @param cells the cells to measure, none of them already done
     * @throws SweepException (exit 1) when the work cannot finish; finished cells stay on disk
     */
    void measure(SensitivityStage stage, List<SensitivityJob.Task> cells);

    /**
     * Who reads a table dataset ({@code data.format: parquet}) on the driver: Spark. A runner without Spark
     * refuses tables, naming what they need.
     */
    default TableReader tables() {
        return TableReader.NONE;
    }
}
