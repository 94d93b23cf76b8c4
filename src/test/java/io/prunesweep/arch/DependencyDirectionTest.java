package io.prunesweep.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps the dependency direction of the design: Spark only in io.prunesweep.spark; spec and pareto JDK-only. */
class DependencyDirectionTest {
    private static final Path MAIN = Path.of("src/main/java/io/prunesweep");

    private static List<String> offenders(Path pkgRoot, String forbiddenPrefix, String exceptPackage) throws IOException {
        try (Stream<Path> s = Files.walk(pkgRoot)) {
            return s.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> exceptPackage == null || !p.startsWith(MAIN.resolve(exceptPackage)))
                    .filter(p -> {
                        try {
                            return Files.readAllLines(p).stream()
                                    .anyMatch(l -> l.startsWith("import " + forbiddenPrefix)
                                            || l.startsWith("import static " + forbiddenPrefix));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(Path::toString).sorted().toList();
        }
    }

    @Test
    void onlyTheSparkPackageImportsSpark() throws IOException {
        assertEquals(List.of(), offenders(MAIN, "org.apache.spark", "spark"));
        assertEquals(List.of(), offenders(MAIN, "scala.", "spark"));
    }

    @Test
    void specAndParetoUseNeitherDl4jNorNd4j() throws IOException {
        for (String pkg : List.of("spec", "pareto")) {
            assertEquals(List.of(), offenders(MAIN.resolve(pkg), "org.deeplearning4j", null), pkg);
            assertEquals(List.of(), offenders(MAIN.resolve(pkg), "org.nd4j", null), pkg);
        }
    }
}
