package io.prunesweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.model.InputSpec;
import io.prunesweep.spec.SpecLoader;
import io.prunesweep.testing.TinyIdx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zoo base model kept in a sweep directory is reused only for data of its input shape: the data fingerprint
 * covers values, width and classes but not the image shape, so the same 16 values per example read as 2×8 images
 * would otherwise reuse the model trained on them as 4×4 images and be refused by the shape check (or, without it,
 * be fed scrambled pixels). Here it is trained again for the new shape.
 */
class ZooBaseReuseShapeTest {

    /** IDX files of 40 training and 20 test images of {@code rows}×{@code cols}, the same bytes for any shape. */
    private static Path idx(Path dir, int rows, int cols) throws IOException {
        Files.createDirectories(dir);
        for (String prefix : List.of("train", "t10k")) {
            TinyIdx.write(dir, prefix, prefix.equals("train") ? 40 : 20, rows, cols, i -> i % 2, TinyIdx::pixel);
        }
        return dir;
    }

    private static PreparedSweep prepare(Path dir, Path data, Path out, List<String> log) throws IOException {
        Path spec = Files.writeString(dir.resolve("spec-" + data.getFileName() + ".yaml"), """
                name: reuse
                model: {zoo: resnet, widths: [1, 1, 1], epochs: 1, batchSize: 10}
                data: {format: idx, dir: 'DATA', validation: 10}
                space: {criterion: [magnitude], granularity: [element], sparsity: [0.5], fineTuneEpochs: [1]}
                objectives: [val_accuracy, nonzero_params]
                """.replace("DATA", data.toString()));
        return SweepSetup.prepare(SpecLoader.load(spec), spec, out, 1, log::add);
    }

    @Test
    void aZooBaseModelOfAnotherImageShapeIsTrainedAgainNotReused(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");
        List<String> first = new ArrayList<>();
        PreparedSweep square = prepare(dir, idx(dir.resolve("square"), 4, 4), out, first);
        assertEquals(InputSpec.image(1, 4, 4), square.input());
        List<String> again = new ArrayList<>();
        assertEquals(InputSpec.image(1, 4, 4), prepare(dir, dir.resolve("square"), out, again).input());
        assertTrue(again.stream().anyMatch(l -> l.startsWith("reusing base model")), "same shape reused: " + again);

        List<String> log = new ArrayList<>();
        PreparedSweep wide = prepare(dir, idx(dir.resolve("wide"), 2, 8), out, log);
        assertEquals(square.splits().fingerprint(), wide.splits().fingerprint(), "the fingerprint omits the shape");
        assertEquals(InputSpec.image(1, 2, 8), wide.input());
        assertTrue(log.stream().anyMatch(l -> l.contains("was trained differently; training a new one")), "" + log);
    }
}
