package io.prunesweep.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions recorded in every result row, so a result can be traced to the code that made it. */
public final class Versions {
    private static final String SUMMARY = compute();

    private Versions() {
    }

    /**
     * {@code prunesweep=<v> dl4j=1.0.0-M2.1 spark=<v> java=<v>}. Spark's version is read from spark-core's
     * Maven metadata on the classpath (so the same line is written on executors, where Spark is always
     * present); it is left out when Spark is not on the classpath.
     */
    public static String summary() {
        return SUMMARY;
    }

    private static String compute() {
        String v = Versions.class.getPackage().getImplementationVersion();
        String spark = mavenVersion("org.apache.spark", "spark-core_2.12");
        return "prunesweep=" + (v == null ? "dev" : v) + " dl4j=1.0.0-M2.1"
                + (spark == null ? "" : " spark=" + spark) + " java=" + System.getProperty("java.version");
    }

    private static String mavenVersion(String group, String artifact) {
        String res = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = Versions.class.getResourceAsStream(res)) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }
}
