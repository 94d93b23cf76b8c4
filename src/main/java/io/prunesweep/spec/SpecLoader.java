package io.prunesweep.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link SweepSpec} from a YAML file.
 *
 * <p>The YAML is read into a plain tree and handed to {@link SweepSpec}'s reader; each spec record reads its
 * own keys with their defaults and validates its values, and {@link Section} reports every problem as a
 * {@link SpecException} naming the file, the key path and the value as written. Unknown keys are errors at
 * every level; a scalar where a list is expected is read as a one-element list; a key given as {@code null}
 * counts as absent; relative paths are kept as written.
 *
 * <p>Sections and where their keys and defaults are documented: top level {@link SweepSpec}; {@code model}
 * {@link ModelSpec}; {@code data} {@link DataSpec}; {@code space} {@link SearchSpace}, whose flat keys are
 * read by {@link MethodSpace}, {@link TargetSpace}, {@link ScheduleSpace}, {@link FineTuneSpace} and
 * {@link Caps}; {@code search} {@link SearchSettings}; {@code sensitivity} {@link SensitivitySettings};
 * {@code spark} {@link SparkSettings}.
 */
public final class SpecLoader {

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            // Jackson would otherwise keep the last of two equal keys and hide the first.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private SpecLoader() {
    }

    /**
     * Loads and validates a sweep spec.
     *
     * @throws SpecException for a missing or unreadable file, invalid YAML, or an invalid spec
     */
    public static SweepSpec load(Path file) {
        String name = file.toString();
        if (!Files.exists(file)) {
            throw new SpecException(name, null, null, "spec file not found");
        }
        if (!Files.isRegularFile(file)) {
            throw new SpecException(name, null, null, "not a regular file");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new SpecException(name, null, null, "cannot read spec file: " + e, e);
        }
        return parse(text, name);
    }

    /**
     * Parses a sweep spec from YAML text; {@code source} names it in error messages.
     *
     * @throws SpecException for invalid YAML or an invalid spec
     */
    public static SweepSpec parse(String yaml, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(yaml);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
            throw new SpecException(source, null, null, where + "invalid YAML: "
                    + String.valueOf(e.getOriginalMessage()).strip(), e);
        }
        return SweepSpec.read(Section.root(source, plain(root), SweepSpec.KEYS));
    }

    /** Jackson's tree as plain Java values, so the spec records never see a Jackson type. */
    private static Object plain(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey(), plain(e.getValue()));
            }
            return Collections.unmodifiableMap(map);
        }
        if (n.isArray()) {
            List<Object> list = new ArrayList<>();
            n.forEach(item -> list.add(plain(item)));
            return Collections.unmodifiableList(list);
        }
        if (n.isNumber()) {
            return n.numberValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        return n.asText();
    }
}
