package io.prunesweep.metric;

/**
 * How a row's {@link Measurements#latencyMs} was measured. A latency timed inside a candidate's task shares the
 * cores with the other tasks running at the same time, so it says as much about the neighbours as about the
 * model; the sweep re-measures the latencies it reports or compares serially on the driver.
 */
public enum LatencyMethod {
    /**
     * In the candidate's own task, while other tasks may run on the same cores: 3 warm-up and 9 timed forward
     * passes, the median. Rows written before the method was recorded were all measured this way.
     */
    IN_TASK("in-task"),
    /**
     * On the driver with no candidate task running, the models taken in turn over several rounds (each round
     * times every model once), the median of the rounds per model, so drift in the machine's speed falls on
     * every model alike.
     */
    SERIAL_INTERLEAVED("serial-interleaved");

    private final String id;

    LatencyMethod(String id) {
        this.id = id;
    }

    /** The name written in result files. */
    public String id() {
        return id;
    }

    /**
     * The method named {@code id}.
     *
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    public static LatencyMethod parse(String id) {
        for (LatencyMethod m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("expected in-task or serial-interleaved, found '" + id + "'");
    }
}
