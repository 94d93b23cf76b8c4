package io.prunesweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.model.ModelSidecar;
import io.prunesweep.model.ModelStore;
import io.prunesweep.prune.MaskSet;
import io.prunesweep.testing.Prerequisites;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train and prune commands as a user runs them, on a slice of the real data. */
class TrainAndPruneCommandTest {

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        try {
            assertEquals(0, Main.execute(args), () -> "exit code of " + String.join(" ", args) + "\n" + buf);
        } finally {
            System.setOut(old);
        }
        return buf.toString();
    }

    @Test
    void trainWritesZipAndSidecarThenPruneHoldsTheMask(@TempDir Path dir) throws Exception {
        Prerequisites.requireFashionMnist();
        Path zip = dir.resolve("mlp.zip");
        String[] data = {"--train-limit", "2000", "--validation", "500", "--test-limit", "500"};
        String out = run(concat(new String[] {"train", "--model", "mlp", "--epochs", "1", "--out", zip.toString()}, data));
        assertTrue(out.contains("validation accuracy"), out);
        ModelSidecar sc = ModelStore.load(zip).sidecar().orElseThrow();
        assertEquals("mlp", sc.architecture());
        assertEquals(266_610, sc.paramCount());
        assertEquals(1, sc.epochs());
        assertTrue(sc.validationAccuracy() > 0.5 && sc.testAccuracy() > 0.5, "learned something: " + sc);

        Path pruned = dir.resolve("pruned.zip");
        String p = run(concat(new String[] {"prune", "--model", zip.toString(), "--sparsity", "0.9", "--out",
            pruned.toString()}, data));
        assertTrue(p.contains("mask held: 0 violations"), p);
        assertTrue(p.contains("pruning to 90%, achieved 90.0% (one-shot"), "the plan's achieved sparsity: " + p);
        MaskSet masks = MaskSet.load(dir.resolve("pruned.masks.json"));
        assertEquals(0, masks.violations(ModelStore.load(pruned).net()), "saved model still obeys its saved mask");
    }

    @Test
    void aDivergingFineTuneIsARunTimeFailureNotBadInput(@TempDir Path dir) throws Exception {
        Prerequisites.requireFashionMnist();
        String[] data = {"--train-limit", "1000", "--validation", "200", "--test-limit", "200"};
        Path zip = dir.resolve("m.zip");
        run(concat(new String[] {"train", "--model", "mlp", "--epochs", "1", "--out", zip.toString()}, data));
        java.io.PrintStream oldErr = System.err;
        java.io.PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true));
        int code;
        try {
            code = Main.execute(concat(new String[] {"prune", "--model", zip.toString(), "--sparsity", "0.5",
                "--lr", "1e15"}, data));
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
        assertEquals(1, code, err.toString());
        assertTrue(err.toString().contains("diverged"), err.toString());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
