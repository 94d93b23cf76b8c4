package io.prunesweep.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.model.ModelStore;
import io.prunesweep.model.Net;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;

class SizeMetricsTest {

    @Test
    void measuresHandSetMlp() {
        SizeMetrics m = SizeMetrics.of(Net.of(TestNets.prunedMlp()));

        assertEquals(23, m.totalParams());
        assertEquals(8, m.nonzeroParams());
        assertEquals(15.0 / 23, m.sparsity(), 1e-12);
        assertEquals(92, m.denseBytes());
        // 0_W 4x3 nnz 3: bitmask 2+12=14 < CSR 20+24=44
        // 0_b 1x3 nnz 0: bitmask 1     < CSR 8
        // 1_W 3x2 nnz 4: bitmask 1+16=17 < CSR 16+32=48
        // 1_b 1x2 nnz 1: bitmask 1+4=5  < CSR 8+8=16
        assertEquals(14 + 1 + 17 + 5, m.sparseBytes());
    }

    @Test
    void encodingFormulas() {
        assertEquals(14, SizeMetrics.bitmaskBytes(4, 3, 3));
        assertEquals(44, SizeMetrics.csrBytes(4, 3));
        assertEquals(1250 + 40, SizeMetrics.bitmaskBytes(100, 100, 10));
        assertEquals(404 + 80, SizeMetrics.csrBytes(100, 10));
        assertEquals(484, SizeMetrics.sparseBytes(100, 100, 10), "CSR wins when very sparse");
        assertEquals(14, SizeMetrics.sparseBytes(4, 3, 3), "bitmask wins when small or dense");
        assertEquals(1, SizeMetrics.bitmaskBytes(1, 1, 0), "bit count rounds up to a byte");
        assertThrows(IllegalArgumentException.class, () -> SizeMetrics.bitmaskBytes(2, 2, 5));
    }

    @Test
    void picksCsrForVerySparseLargeLayerAndZipShrinks() throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(TestNets.builder()
                .layer(new DenseLayer.Builder().nIn(256).nOut(256).activation(Activation.RELU).build())
                .layer(TestNets.softmax(256, 2))
                .build());
        net.init();
        TestNets.fill(net, "0_b", 1f);
        TestNets.fill(net, "1_W", 1f);
        TestNets.fill(net, "1_b", 1f);
        SizeMetrics dense = SizeMetrics.of(Net.of(net));

        float[] diagonal = new float[256 * 256];
        for (int i = 0; i < 256; i++) {
            diagonal[i * 256 + i] = 0.5f;
        }
        TestNets.set(net, "0_W", diagonal);
        SizeMetrics sparse = SizeMetrics.of(Net.of(net));

        assertEquals(256 * 256 + 256 + 512 + 2, sparse.totalParams());
        assertEquals(256 + 256 + 512 + 2, sparse.nonzeroParams());
        assertEquals(dense.denseBytes(), sparse.denseBytes(), "dense size ignores zeros");
        // 0_W: CSR 257*4 + 256*8 = 3076 (bitmask would be 8192 + 1024)
        // 0_b 1x256 nnz 256: bitmask 32+1024=1056; 1_W 256x2 nnz 512: bitmask 64+2048=2112;
        // 1_b 1x2 nnz 2: bitmask 1+8=9
        assertEquals(3076 + 1056 + 2112 + 9, sparse.sparseBytes());
        assertTrue(sparse.zipBytes() < dense.zipBytes() / 4,
                "zip " + sparse.zipBytes() + " should be far below " + dense.zipBytes());
        // random float32 weights barely compress, so the dense zip is about the raw size
        assertTrue(dense.zipBytes() > dense.denseBytes() / 2);

        ByteArrayOutputStream file = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, file, false);
        assertEquals(file.size(), sparse.zipBytes());
    }

    @Test
    void theSavedZipsLengthIsTheZipSize(@TempDir Path dir) throws IOException {
        // a candidate measures its zip size from the file it saved instead of serialising again
        for (MultiLayerNetwork net : List.of(TestNets.mlp(), TestNets.prunedMlp())) {
            Path zip = dir.resolve("m" + net.hashCode() + ".zip");
            long written = ModelStore.save(Net.of(net), Optional.empty(), zip);
            assertEquals(Files.size(zip), written);
            assertEquals(SizeMetrics.zipBytes(Net.of(net)), written);
            assertEquals(SizeMetrics.of(Net.of(net)), SizeMetrics.of(Net.of(net), written));
        }
    }

    @Test
    void rejectsInconsistentValues() {
        assertThrows(IllegalArgumentException.class, () -> new SizeMetrics(10, 11, 0, 40, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SizeMetrics(10, 5, 0.5, 41, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SizeMetrics(10, 5, 0.4, 40, 0, 0));
        assertEquals(0.75, new SizeMetrics(10, 5, 0.5, 40, 30, 100).sparseCompression(), 1e-12);
    }
}
