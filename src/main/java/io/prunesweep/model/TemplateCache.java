package io.prunesweep.model;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Parsed model zips of this JVM, keyed by their bytes, handing out copies. Parsing a DL4J zip reads every
 * parameter through a {@code DataInputStream} one float at a time, which made rebuilding the base model a
 * fifth of a tiny candidate's time (bench/NOTES.md, "Per-candidate fixed cost"); copying a parsed network
 * is one native copy of its parameters.
 *
 * <p>The key is the content, not the array's identity: an entry holds its own copy of the bytes and a
 * lookup compares them in full, so a caller that reuses or changes an array can never get another model.
 * A template is never trained or handed out; callers get {@link Net#copy()}, which copies
 * the configuration (iteration and epoch counts included) and the parameters and, as the template has
 * never been fitted, no updater state, as a fresh parse would have. The copy has updaters of its own: a
 * candidate setting its fine-tune rate must not change the template and every other copy (their
 * configuration, hence the base model's fingerprint and every candidate id derived from it, and the rate of a
 * concurrent task). At most {@value #CAPACITY} models are
 * kept, least recently used dropped first, so a JVM that sees many models holds only a few.
 */
final class TemplateCache {
    /** Models kept per JVM: a sweep uses its base model and at most its initial weights. */
    static final int CAPACITY = 4;

    /** The cache {@link ModelStore#fromBytes} uses. */
    static final TemplateCache SHARED = new TemplateCache();

    private final Map<Integer, Entry> entries = new LinkedHashMap<>(8, 0.75f, true);
    private int parses;

    private record Entry(byte[] bytes, Net template) {
    }

    /**
     * A network of the caller's own, rebuilt from {@code bytes}; {@code parse} runs only when no template
     * of these bytes is held. A parse that throws leaves nothing behind.
     */
    synchronized Net copyOf(byte[] bytes, Function<byte[], Net> parse) {
        int key = Arrays.hashCode(bytes);
        Entry e = entries.get(key);
        if (e == null || !Arrays.equals(e.bytes(), bytes)) {
            e = new Entry(bytes.clone(), parse.apply(bytes));
            parses++;
            // a hash collision replaces the older model: it is parsed again when it comes back
            entries.put(key, e);
            if (entries.size() > CAPACITY) {
                Iterator<Integer> eldest = entries.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
        }
        return e.template().copy();
    }

    /** How many zips this cache has parsed (tests check that a repeated model is not parsed again). */
    synchronized int parses() {
        return parses;
    }
}
