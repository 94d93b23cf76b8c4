package io.prunesweep.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine. A missing prerequisite skips the test on a developer's machine, but
 * fails it when the environment says it is CI ({@code CI=true}, as GitHub Actions, GitLab and .ci/run set
 * it): a CI without the dataset must not be green with no end-to-end test run.
 */
public final class Prerequisites {
    /** Where the {@code dataset-fashion-mnist} system package installs the IDX files. */
    public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    /** The headless browser the report test drives. */
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final List<String> FASHION_FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private Prerequisites() {
    }

    /** What to do with a test whose prerequisite is present or missing. */
    public enum Decision {
        RUN, SKIP, FAIL
    }

    /** The rule itself, apart from the machine: missing means skip, unless the environment is CI. */
    public static Decision decide(boolean present, Map<String, String> env) {
        if (present) {
            return Decision.RUN;
        }
        return isCi(env) ? Decision.FAIL : Decision.SKIP;
    }

    /** CI systems set {@code CI=true}; any other value (or none) is a developer's machine. */
    public static boolean isCi(Map<String, String> env) {
        return "true".equalsIgnoreCase(env.getOrDefault("CI", "").trim());
    }

    /** The four Fashion-MNIST IDX files (gzipped or not) under {@link #FASHION_MNIST}. */
    public static void requireFashionMnist() {
        require(fashionMnistPresent(FASHION_MNIST), "Fashion-MNIST at " + FASHION_MNIST,
                "install it with: sudo apt-get install dataset-fashion-mnist (jobs/install-deps.sh)");
    }

    /** An executable Chromium at {@link #CHROMIUM}. */
    public static void requireChromium() {
        require(Files.isExecutable(CHROMIUM), "Chromium at " + CHROMIUM,
                "install it with: sudo apt-get install chromium (jobs/install-deps.sh)");
    }

    /** {@code target/lib}, made by {@code mvn package}; the process and cluster tests launch JVMs from it. */
    public static void requirePackagedLib(Path home) {
        Path lib = home.resolve("target/lib");
        require(Files.isDirectory(lib), lib.toString(), "run `mvn -B package -DskipTests` first");
    }

    /** True when every IDX file of the dataset is in {@code dir}, plain or gzipped. */
    public static boolean fashionMnistPresent(Path dir) {
        return FASHION_FILES.stream().allMatch(f -> Files.isRegularFile(dir.resolve(f + ".gz"))
                || Files.isRegularFile(dir.resolve(f)));
    }

    /**
     * Applies {@link #decide} with the process environment: returns when present, aborts the test (skipped)
     * when missing outside CI, fails it when missing in CI.
     */
    public static void require(boolean present, String what, String hint) {
        require(present, what, hint, System.getenv());
    }

    static void require(boolean present, String what, String hint, Map<String, String> env) {
        switch (decide(present, env)) {
            case RUN -> {
            }
            case SKIP -> Assumptions.abort(what + " is missing, test skipped (under CI=true it fails); " + hint);
            case FAIL -> Assertions.fail(what + " is missing and CI=true: this test must run in CI; " + hint);
        }
    }
}
