package io.prunesweep.spark;

import java.io.ObjectInputFilter;
import java.util.Set;

/**
 * The allow-list for Java-serialised records inside Kryo streams ({@link FilteredJavaSerializer}). Java
 * serialisation instantiates whatever class a stream names, so a stream that reaches an executor or the
 * driver could otherwise build any {@code Serializable} class on the classpath (the "gadget" classes of
 * deserialisation attacks). This filter admits only:
 * <ul>
 *   <li>records and enums of prunesweep's value packages ({@link #PACKAGES} and their sub-packages), so a
 *       new record there works without touching this list, while executor code in the same packages
 *       (plain {@code Serializable} classes) does not; a record is rebuilt through its canonical
 *       constructor, so its validation runs on every value read;</li>
 *   <li>the fixed JDK value types those records hold ({@link #JDK_TYPES}): boxed numbers, {@code Enum},
 *       and the immutable collections of {@code List.of}/{@code List.copyOf}/{@code Map.copyOf} with their
 *       serial form;</li>
 *   <li>arrays of allowed types, of primitives and of {@code Object} (whose elements are checked
 *       one by one);</li>
 * </ul>
 * and rejects every other class, plus streams deeper, longer or with more references than any record we
 * ship needs.
 */
public final class ShippedTypeFilter implements ObjectInputFilter {
    /** Packages whose records and enums may be read. */
    public static final Set<String> PACKAGES = Set.of("io.prunesweep.spec", "io.prunesweep.results",
            "io.prunesweep.metric", "io.prunesweep.sweep", "io.prunesweep.eval", "io.prunesweep.pareto");

    /** JDK classes the records above are made of. */
    public static final Set<String> JDK_TYPES = Set.of("java.lang.Enum", "java.lang.Number", "java.lang.Boolean",
            "java.lang.Byte", "java.lang.Short", "java.lang.Integer", "java.lang.Long", "java.lang.Float",
            "java.lang.Double", "java.lang.Character", "java.util.CollSer", "java.util.ImmutableCollections$List12",
            "java.util.ImmutableCollections$ListN", "java.util.ImmutableCollections$Set12",
            "java.util.ImmutableCollections$SetN", "java.util.ImmutableCollections$Map1",
            "java.util.ImmutableCollections$MapN");

    static final long MAX_DEPTH = 32;
    static final long MAX_REFERENCES = 1_000_000;
    static final long MAX_BYTES = 256L << 20;
    static final long MAX_ARRAY = 10_000_000;

    /** The one instance; the filter has no state. */
    public static final ShippedTypeFilter INSTANCE = new ShippedTypeFilter();

    private ShippedTypeFilter() {
    }

    @Override
    public Status checkInput(FilterInfo info) {
        if (info.depth() > MAX_DEPTH || info.references() > MAX_REFERENCES || info.streamBytes() > MAX_BYTES
                || info.arrayLength() > MAX_ARRAY) {
            return Status.REJECTED;
        }
        Class<?> c = info.serialClass();
        if (c == null) {
            // a back-reference or array length: already bounded above
            return Status.ALLOWED;
        }
        return allows(c) ? Status.ALLOWED : Status.REJECTED;
    }

    /** Whether a class may be instantiated from a stream. */
    public static boolean allows(Class<?> c) {
        while (c.isArray()) {
            c = c.getComponentType();
            if (c == Object.class) {
                // List.of/copyOf's serial form reads its elements into an Object[]; each element is checked
                return true;
            }
        }
        if (c.isPrimitive() || JDK_TYPES.contains(c.getName())) {
            return true;
        }
        if (!c.isRecord() && !c.isEnum()) {
            return false;
        }
        String pkg = c.getPackageName();
        for (String allowed : PACKAGES) {
            if (pkg.equals(allowed) || pkg.startsWith(allowed + ".")) {
                return true;
            }
        }
        return false;
    }
}
