package io.prunesweep.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The build has no JUnit 4 (vintage) engine, so a test written against JUnit 4 would compile (spark-testing-base
 * brings junit 4 along) and then never run: no test may import it.
 */
class JUnitPlatformTest {
    private static final Pattern JUNIT4 = Pattern.compile(
            "^import\\s+(static\\s+)?org\\.junit\\.(?!jupiter\\.|platform\\.)[\\w.]*;", Pattern.MULTILINE);

    @Test
    void noTestUsesJUnit4() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                var m = JUNIT4.matcher(Files.readString(f));
                while (m.find()) {
                    found.add(f + ": " + m.group());
                }
            }
        }
        assertEquals(List.of(), found, "JUnit 4 imports; use org.junit.jupiter.api");
    }
}
