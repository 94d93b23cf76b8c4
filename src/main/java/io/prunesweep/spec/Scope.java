package io.prunesweep.spec;

/** TEMPORARY placeholder until the spec package lands. */
public enum Scope {
    LAYER("layer"), GLOBAL("global");
    private final String id;
    Scope(String id) { this.id = id; }
    public String id() { return id; }
    public static Scope parse(String s) {
        for (Scope v : values()) if (v.id.equalsIgnoreCase(s.trim())) return v;
        throw new IllegalArgumentException("unknown: " + s);
    }
}
