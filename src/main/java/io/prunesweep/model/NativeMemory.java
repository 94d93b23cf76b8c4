package io.prunesweep.model;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacpp.Pointer;

/**
 * Keeps the process's native memory bounded when JavaCPP's own check is off. ND4J frees an array that lives
 * outside a workspace only when the garbage collector has collected its Java object, and those objects are
 * small, so the Java heap gives the collector no reason to run while native memory grows: DL4J's
 * {@code BatchNormalization}, for one, detaches two activation-size copies on every forward pass (inference
 * included), which took a resnet sweep past 24 GB until the kernel killed it. JavaCPP guards against this by
 * reading the resident size on every native allocation and collecting when it passes
 * {@code org.bytedeco.javacpp.maxPhysicalBytes}; {@code conf/jvm.options} turns that per-allocation check off
 * because it cost a tenth of a fine-tune's time (ND4J allocates for every view). This guard does the same check
 * from one daemon thread, every {@value #PERIOD_MS} ms: above the limit it asks for a collection, at most once
 * per {@value #MIN_GAP_MS} ms, so memory that is really in use does not make it collect continuously.
 *
 * <p>The limit is {@code prunesweep.maxPhysicalBytes} (bytes, or with a k/m/g suffix) when set, else JavaCPP's
 * own default rule: twice the maximum Java heap. When JavaCPP's check is on ({@code maxPhysicalBytes} not 0),
 * the guard does not start: the allocations are already checked.
 */
public final class NativeMemory {
    /** How often the guard reads the resident size. */
    public static final long PERIOD_MS = 200;
    /** The shortest time between two collections the guard asks for. */
    public static final long MIN_GAP_MS = 1000;

    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final AtomicInteger COLLECTIONS = new AtomicInteger();

    private NativeMemory() {
    }

    /**
     * Starts the guard for this JVM unless it runs or JavaCPP's own check is on; cheap to call again, so every
     * entry point that runs ND4J work calls it.
     */
    public static void guard() {
        if (Pointer.maxPhysicalBytes() > 0 || STARTED.get()) {
            return;
        }
        start(limit(System.getProperty("prunesweep.maxPhysicalBytes"), Runtime.getRuntime().maxMemory()),
                PERIOD_MS, MIN_GAP_MS);
    }

    /** Starts the guard with these settings if no guard runs yet; returns whether this call started it. */
    static boolean start(long limitBytes, long periodMs, long minGapMs) {
        if (limitBytes <= 0 || periodMs <= 0 || minGapMs < 0) {
            throw new IllegalArgumentException("limit and period must be > 0, gap >= 0; got " + limitBytes + ", "
                    + periodMs + ", " + minGapMs);
        }
        if (!STARTED.compareAndSet(false, true)) {
            return false;
        }
        Thread t = new Thread(() -> watch(limitBytes, periodMs, minGapMs), "prunesweep-native-memory");
        t.setDaemon(true);
        t.start();
        return true;
    }

    private static void watch(long limitBytes, long periodMs, long minGapMs) {
        long last = 0;
        while (true) {
            try {
                Thread.sleep(periodMs);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.currentTimeMillis();
            if (Pointer.physicalBytes() > limitBytes && now - last >= minGapMs) {
                last = now;
                COLLECTIONS.incrementAndGet();
                // the collection enqueues the dead arrays; ND4J's deallocator threads then free their memory
                System.gc();
            }
        }
    }

    /** Collections the guard has asked for in this JVM. */
    public static int collections() {
        return COLLECTIONS.get();
    }

    /**
     * The limit in bytes: {@code setting} (a byte count, optionally with a k, m or g suffix) when given, else twice
     * {@code maxHeap}.
     *
     * @throws IllegalArgumentException naming the property when the setting is not a positive size
     */
    static long limit(String setting, long maxHeap) {
        if (setting == null || setting.isBlank()) {
            return 2 * maxHeap;
        }
        String s = setting.trim().toLowerCase(java.util.Locale.ROOT);
        long unit = switch (s.charAt(s.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
        try {
            long v = Long.parseLong(digits) * unit;
            if (v <= 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("prunesweep.maxPhysicalBytes must be a positive size such as 8g or "
                    + "8589934592, found '" + setting + "'");
        }
    }
}
