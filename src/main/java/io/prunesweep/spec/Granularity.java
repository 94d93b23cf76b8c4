package io.prunesweep.spec;

/** TEMPORARY placeholder until the spec package lands. */
public enum Granularity {
    ELEMENT("element"), NEURON("neuron"), CHANNEL("channel");
    private final String id;
    Granularity(String id) { this.id = id; }
    public String id() { return id; }
    public static Granularity parse(String s) {
        for (Granularity v : values()) if (v.id.equalsIgnoreCase(s.trim())) return v;
        throw new IllegalArgumentException("unknown: " + s);
    }
}
