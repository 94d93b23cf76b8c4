package io.prunesweep.eval;

import io.prunesweep.data.LabeledData;
import io.prunesweep.metric.Footprint;
import io.prunesweep.metric.LayerCount;
import io.prunesweep.metric.Measurements;
import io.prunesweep.model.Net;
import java.util.List;
import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * The one way a network is measured into the figures results carry: a candidate after its schedule, the dense
 * baseline, and (its {@link #footprint} part) a sensitivity cell. Measuring the same network the same way
 * everywhere is what makes a candidate's saving against the baseline, or a cell's, a difference of like with like.
 */
public final class ModelMeter {
    /** Examples per forward pass for latency measurement. */
    public static final int LATENCY_BATCH = 128;
    /** Untimed forward passes before the timed ones. */
    public static final int LATENCY_WARMUPS = 3;
    /** Timed forward passes; their median is the latency. */
    public static final int LATENCY_RUNS = 9;

    private ModelMeter() {
    }

    /**
     * What the network costs: sizes, FLOPs and per-layer counts, independent of data.
     *
     * @param inputType    the network's input, for the FLOP count
     * @param shrunkParams parameters of the physically shrunk model, or -1 when there is none
     */
    public static Footprint footprint(Net net, InputType inputType, long shrunkParams) {
        return footprint(net, inputType, shrunkParams, SizeMetrics.zipBytes(net));
    }

    /**
     * {@link #footprint(Net, InputType, long)} of a network just saved unchanged, whose zip length
     * is therefore known ({@link SizeMetrics#of(Net, long)}).
     */
    public static Footprint footprint(Net net, InputType inputType, long shrunkParams, long zipBytes) {
        SizeMetrics size = SizeMetrics.of(net, zipBytes);
        FlopStats flops = FlopCounter.count(net, inputType);
        List<LayerCount> layers = LayerStats.of(net).stream()
                .map(l -> new LayerCount(l.index(), l.type(), l.params(), l.nonzero())).toList();
        return new Footprint(size.totalParams(), size.nonzeroParams(), size.denseBytes(), size.sparseBytes(),
                size.zipBytes(), flops.dense(), flops.effective(), shrunkParams, layers);
    }

    /**
     * Everything measured for a network that has been evaluated: its {@link #footprint}, the evaluation, and
     * the median latency of a forward pass over the first {@value #LATENCY_BATCH} examples of
     * {@code latencyData}. Test accuracy is left NaN: it is measured for front members only.
     *
     * @param val          the network's validation result
     * @param shrunkParams parameters of the physically shrunk model, or -1 when there is none
     * @param fineTuneMs   wall time of pruning and fine-tuning
     * @param latencyData  examples for the latency batch
     */
    public static Measurements measure(Net net, InputType inputType, EvalResult val, long shrunkParams,
                                       long fineTuneMs, LabeledData latencyData) {
        return measure(net, inputType, val, shrunkParams, fineTuneMs, latencyData, SizeMetrics.zipBytes(net));
    }

    /**
     * {@link #measure(Net, InputType, EvalResult, long, long, LabeledData)} of a network just saved
     * unchanged, whose zip length is therefore known.
     *
     * @param zipBytes the length of the zip written for {@code net}
     */
    public static Measurements measure(Net net, InputType inputType, EvalResult val, long shrunkParams,
                                       long fineTuneMs, LabeledData latencyData, long zipBytes) {
        Footprint footprint = footprint(net, inputType, shrunkParams, zipBytes);
        double latency = LatencyMeter.measure(net, latencyData.head(LATENCY_BATCH).toDataSet().getFeatures(),
                LATENCY_WARMUPS, LATENCY_RUNS).medianMs();
        return new Measurements(footprint, val.accuracy(), val.loss(), Double.NaN, latency, fineTuneMs);
    }
}
