package io.prunesweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The guard frees native memory that only a collection frees: detached ND4J arrays whose Java objects are
 * dropped. The test JVMs run with {@code conf/jvm.options}, so JavaCPP's own per-allocation check is off here.
 */
class NativeMemoryTest {
    @Test
    void theJvmOptionsTurnJavaCppsOwnCheckOff() {
        assertEquals(0, Pointer.maxPhysicalBytes(), "conf/jvm.options sets org.bytedeco.javacpp.maxPhysicalBytes=0");
    }

    @Test
    void detachedArraysDroppedInALoopStayNearTheLimit() throws Exception {
        long start = Pointer.physicalBytes();
        long limit = start + (300L << 20);
        // another test class of this JVM may have started the guard with the default (larger) limit
        boolean mine = NativeMemory.start(limit, 20, 0);
        long allowed = mine ? limit : 2 * Runtime.getRuntime().maxMemory();
        int before = NativeMemory.collections();
        long peak = 0;
        // 1.6 GB of 16 MB arrays, each written (so its pages are resident) and dropped at once
        for (int i = 0; i < 100; i++) {
            Nd4j.createUninitialized(DataType.FLOAT, 4L << 20).assign(1f);
            peak = Math.max(peak, Pointer.physicalBytes());
            Thread.sleep(5);
        }
        if (mine) {
            assertTrue(NativeMemory.collections() > before, "the guard never collected");
        }
        // slack: what can be allocated between two polls and before ND4J's deallocator threads free it
        assertTrue(peak < allowed + (600L << 20), "resident size reached " + (peak >> 20) + " MB against a limit of "
                + (allowed >> 20) + " MB");
    }

    @Test
    void theLimitIsASizeOrTwiceTheHeap() {
        assertEquals(2L << 30, NativeMemory.limit(null, 1L << 30));
        assertEquals(2L << 30, NativeMemory.limit(" ", 1L << 30));
        assertEquals(8L << 30, NativeMemory.limit("8g", 1L << 30));
        assertEquals(512L << 20, NativeMemory.limit("512M", 1L << 30));
        assertEquals(123456, NativeMemory.limit("123456", 1L << 30));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NativeMemory.limit("lots", 1));
        assertTrue(e.getMessage().contains("prunesweep.maxPhysicalBytes") && e.getMessage().contains("'lots'"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NativeMemory.limit("0g", 1));
    }
}
