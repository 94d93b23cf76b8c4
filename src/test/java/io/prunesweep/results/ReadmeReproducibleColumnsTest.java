package io.prunesweep.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** README's list of the columns a rerun does not reproduce is the one {@link ResultColumns} flags. */
class ReadmeReproducibleColumnsTest {
    @Test
    void readmeNamesExactlyTheColumnsFlaggedNotReproducible() throws IOException {
        String readme = Files.readString(Path.of("README.md")).replaceAll("\\s+", " ");
        Matcher m = Pattern.compile("Not reproducible: ((?:`\\w+`(?:, )?)+)").matcher(readme);
        assertTrue(m.find(), "README's Metrics section lists the columns that are not reproducible");
        Set<String> listed = Pattern.compile("`(\\w+)`").matcher(m.group(1)).results().map(r -> r.group(1))
                .collect(Collectors.toSet());
        Set<String> flagged = ResultColumns.all().stream().filter(c -> !c.reproducible())
                .map(ResultColumns.Column::name).collect(Collectors.toSet());
        assertEquals(flagged, listed);
    }
}
