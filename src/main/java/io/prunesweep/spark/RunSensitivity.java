package io.prunesweep.spark;

import io.prunesweep.sweep.SensitivityJob;
import io.prunesweep.results.SensitivityRow;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/** The task function of the sensitivity job: one (layer, ratio) cell, the base model from a broadcast. */
final class RunSensitivity implements Function<SensitivityJob.Task, SensitivityRow> {
    private static final long serialVersionUID = 1L;

    private final SensitivityJob job;
    private final Broadcast<byte[]> model;

    RunSensitivity(SensitivityJob job, Broadcast<byte[]> model) {
        this.job = job;
        this.model = model;
    }

    @Override
    public SensitivityRow call(SensitivityJob.Task t) {
        return job.run(t, model.value());
    }
}
