package io.prunesweep.spec;

/** TEMPORARY placeholder until the spec package lands. */
public enum CriterionKind {
    MAGNITUDE("magnitude"), RANDOM("random"), L1("l1"), L2("l2"), TAYLOR("taylor");
    private final String id;
    CriterionKind(String id) { this.id = id; }
    public String id() { return id; }
    public static CriterionKind parse(String s) {
        for (CriterionKind v : values()) if (v.id.equalsIgnoreCase(s.trim())) return v;
        throw new IllegalArgumentException("unknown: " + s);
    }
}
