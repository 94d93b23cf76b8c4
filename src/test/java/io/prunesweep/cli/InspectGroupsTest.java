package io.prunesweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.model.GraphZoo;
import io.prunesweep.model.InputSpec;
import io.prunesweep.model.ModelStore;
import io.prunesweep.model.Net;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inspect} of a saved zoo ResNet lists its unit groups: the residual ones, and why input and classes stay. */
class InspectGroupsTest {

    @Test
    void inspectListsEveryUnitGroupWithItsMembersAndWhyTheUnprunableOnesAreSo(@TempDir Path dir) {
        Path zip = dir.resolve("resnet.zip");
        ModelStore.save(Net.of(GraphZoo.build("resnet", InputSpec.image(1, 28, 28), 10, 1, 0.002, List.of(4, 6, 8))),
                Optional.empty(), zip);
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        int code;
        try {
            code = Main.execute("inspect", zip.toString());
        } finally {
            System.setOut(old);
        }
        String text = out.toString();
        assertEquals(0, code, text);
        assertTrue(text.contains("ComputationGraph: 8 groups, 36 of 47 units prunable"), text);
        assertTrue(text.contains("group 1 'stem+s1.b': 4 units, prunable"), text);
        assertTrue(text.contains("s2.proj_W                output    axis 0  units 0..5 at 0"), text);
        assertTrue(text.contains("'input': 1 unit, NOT prunable: network input 'input'"), text);
        assertTrue(text.contains("'output': 10 units, NOT prunable: network output layer 'output' (OutputLayer)"),
                text);
    }
}
