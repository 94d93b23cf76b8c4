package io.prunesweep.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Which code made a result: the project version and git commit written at build time
 * ({@code prunesweep-build.properties}), and the DL4J, ND4J and Spark versions as their jars on the classpath
 * declare them ({@code META-INF/maven/<group>/<artifact>/pom.properties}). Nothing here is a literal, so a
 * dependency upgrade shows up in the next result without anyone editing this class.
 *
 * @param prunesweep the project version, or {@value #UNKNOWN} when the build resource is missing
 * @param commit     the full git commit the build was made from, or {@value #UNKNOWN} (built outside a git
 *                   checkout, or not by Maven)
 * @param tree       whether the working tree had changes that the commit does not hold
 * @param dl4j       deeplearning4j-nn's version, or {@value #ABSENT}
 * @param nd4j       nd4j-api's version, or {@value #ABSENT}
 * @param spark      spark-core's version, or {@value #ABSENT} (Spark is a provided dependency: a plain CLI run
 *                   may not have it)
 * @param java       the running JVM's version
 */
public record Versions(String prunesweep, String commit, Tree tree, String dl4j, String nd4j, String spark,
        String java) {

    /** A value the build could not find out. */
    public static final String UNKNOWN = "unknown";
    /** A library that is not on the classpath. */
    public static final String ABSENT = "absent";
    /** The build-time resource (Maven-filtered from {@code src/main/resources}). */
    public static final String BUILD_RESOURCE = "prunesweep-build.properties";

    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|" + UNKNOWN);
    private static final Versions CURRENT = from(Versions.class.getClassLoader());

    /** The state of the working tree the build was made from. */
    public enum Tree {
        /** The tree held exactly the commit. */
        CLEAN,
        /** The tree had uncommitted changes or untracked files: the commit alone does not reproduce the code. */
        MODIFIED,
        /** Not known (no git checkout). */
        UNKNOWN
    }

    /** Validates that every field is present and the commit is a full hash or {@value #UNKNOWN}. */
    public Versions {
        Objects.requireNonNull(prunesweep, "prunesweep");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(tree, "tree");
        Objects.requireNonNull(dl4j, "dl4j");
        Objects.requireNonNull(nd4j, "nd4j");
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(java, "java");
        if (!COMMIT.matcher(commit).matches()) {
            throw new IllegalArgumentException("commit must be a 40-hex git hash or '" + UNKNOWN + "', found '"
                    + commit + "'");
        }
    }

    /** The versions of the code running in this JVM (read once). */
    public static Versions current() {
        return CURRENT;
    }

    /** {@link #line()} of {@link #current()}: the string recorded in result rows, sidecars and summaries. */
    public static String summary() {
        return CURRENT.line();
    }

    /**
     * Reads the build resource and the libraries' Maven metadata through {@code loader}. Tests pass a loader
     * over their own files to show that what is reported is what the classpath says.
     */
    public static Versions from(ClassLoader loader) {
        Properties build = load(loader, BUILD_RESOURCE);
        String commit = built(build, "commit");
        return new Versions(built(build, "version"), commit, tree(built(build, "modified")),
                maven(loader, "org.deeplearning4j", "deeplearning4j-nn"), maven(loader, "org.nd4j", "nd4j-api"),
                maven(loader, "org.apache.spark", "spark-core_2.12"), System.getProperty("java.version"));
    }

    /**
     * {@code prunesweep=<v> commit=<hash>[+modified] dl4j=<v> nd4j=<v> spark=<v> java=<v>}: one line with no
     * spaces inside a value, so it splits on blanks and then on {@code =}.
     */
    public String line() {
        return "prunesweep=" + prunesweep + " commit=" + commitLabel() + " dl4j=" + dl4j + " nd4j=" + nd4j
                + " spark=" + spark + " java=" + java;
    }

    /** The commit, with {@code +modified} when the tree held changes the commit does not. */
    public String commitLabel() {
        return tree == Tree.MODIFIED ? commit + "+modified" : commit;
    }

    /**
     * The commit label ({@link #commitLabel()}) inside a {@link #line()} that a result recorded, or
     * {@value #UNKNOWN} for a line without one (results written before commits were recorded).
     */
    public static String commitLabelIn(String line) {
        if (line != null) {
            for (String token : line.trim().split("\\s+")) {
                if (token.startsWith("commit=") && token.length() > "commit=".length()) {
                    return token.substring("commit=".length());
                }
            }
        }
        return UNKNOWN;
    }

    private static Tree tree(String modified) {
        return switch (modified) {
            case "true" -> Tree.MODIFIED;
            case "false" -> Tree.CLEAN;
            default -> Tree.UNKNOWN;
        };
    }

    // An unfiltered placeholder (a build that skipped Maven's resource filtering, e.g. an IDE) is as good as
    // no value: recording "${prunesweep.git.commit}" would look like provenance without being any.
    private static String built(Properties build, String key) {
        String v = build.getProperty(key, "").trim();
        return v.isEmpty() || v.startsWith("${") ? UNKNOWN : v;
    }

    private static String maven(ClassLoader loader, String group, String artifact) {
        String v = load(loader, "META-INF/maven/" + group + "/" + artifact + "/pom.properties").getProperty("version");
        return v == null || v.isBlank() ? ABSENT : v.trim();
    }

    private static Properties load(ClassLoader loader, String resource) {
        Properties p = new Properties();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + " from the classpath", e);
        }
        return p;
    }
}
