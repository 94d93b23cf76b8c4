package io.prunesweep.metric;

/**
 * Which form of a pruned network was fine-tuned. Both forms compute the same function and are both saved; they
 * differ in what training paid for, and in the floating-point order of the sums it did.
 */
public enum TrainedForm {
    /** The full-size network with the pruned entries held at zero by a mask (every granularity). */
    MASKED("masked"),
    /** The physically smaller network the removed neurons or channels were taken out of (structured only). */
    SHRUNK("shrunk");

    private final String id;

    TrainedForm(String id) {
        this.id = id;
    }

    /** The lower-case spelling in result files. */
    public String id() {
        return id;
    }

    /**
     * The form named {@code id}.
     *
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    public static TrainedForm parse(String id) {
        for (TrainedForm f : values()) {
            if (f.id.equals(id)) {
                return f;
            }
        }
        throw new IllegalArgumentException("expected masked or shrunk, found '" + id + "'");
    }
}
