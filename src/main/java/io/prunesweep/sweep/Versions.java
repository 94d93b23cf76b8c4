package io.prunesweep.sweep;

/** Versions recorded in every result row, so a result can be traced to the code that made it. */
public final class Versions {
    private Versions() {
    }

    /** {@code prunesweep=<v> dl4j=1.0.0-M2.1 java=<v>}; Spark's version is added by the spark package. */
    public static String summary() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return "prunesweep=" + (v == null ? "dev" : v) + " dl4j=1.0.0-M2.1 java=" + System.getProperty("java.version");
    }
}
