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
    /** The splits of a table dataset ({@link ShippedData}), or null when executors read the data files. */
    private final Broadcast<byte[]> data;

    RunSensitivity(SensitivityJob job, Broadcast<byte[]> model, Broadcast<byte[]> data) {
        this.job = job;
        this.model = model;
        this.data = data;
    }

    @Override
    public SensitivityRow call(SensitivityJob.Task t) {
        ShippedData.receive(job.data(), data);
        return job.run(t, model.value());
    }
}
