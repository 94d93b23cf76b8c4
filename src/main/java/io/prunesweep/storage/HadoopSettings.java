package io.prunesweep.storage;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;

/**
 * The Hadoop configuration a sweep reads and writes its files with, in a form that can travel to executors.
 * Hadoop's {@link Configuration} is not serializable; this holds only the entries that differ from the
 * defaults a fresh {@code Configuration} loads (say, the {@code spark.hadoop.*} settings and the cluster's
 * {@code core-site.xml} as the driver saw them), so a task carries a few entries, not all of Hadoop's
 * defaults, and the executor's own defaults fill in the rest.
 *
 * @param entries raw (unexpanded) property values by name
 */
public record HadoopSettings(Map<String, String> entries) implements Serializable {
    // one Configuration per distinct settings per JVM: every task of a sweep carries equal settings, and
    // parsing Hadoop's default XML resources again for each would cost more than the task's file I/O
    private static final Map<HadoopSettings, Configuration> BUILT = new ConcurrentHashMap<>();

    /** Copies the entries; names and values are non-null. */
    public HadoopSettings {
        Objects.requireNonNull(entries, "entries");
        entries = Map.copyOf(new TreeMap<>(entries));
    }

    /** No entries: Hadoop's defaults and whatever {@code core-site.xml} the class path holds. */
    public static HadoopSettings defaults() {
        return new HadoopSettings(Map.of());
    }

    /** The entries of {@code conf} whose raw value differs from a fresh {@code Configuration}'s. */
    public static HadoopSettings of(Configuration conf) {
        Configuration fresh = new Configuration();
        Map<String, String> diff = new TreeMap<>();
        for (Map.Entry<String, String> e : conf) {
            if (!Objects.equals(e.getValue(), fresh.getRaw(e.getKey()))) {
                diff.put(e.getKey(), e.getValue());
            }
        }
        return new HadoopSettings(diff);
    }

    /** These settings with one more entry (tests, and settings prunesweep itself needs). */
    public HadoopSettings with(String name, String value) {
        Map<String, String> m = new TreeMap<>(entries);
        m.put(name, value);
        return new HadoopSettings(m);
    }

    /**
     * A Hadoop configuration: this JVM's defaults overlaid with the entries. Shared by every caller with equal
     * settings, so callers must not change it.
     */
    public Configuration configuration() {
        return BUILT.computeIfAbsent(this, s -> {
            Configuration c = new Configuration();
            s.entries.forEach(c::set);
            return c;
        });
    }
}
