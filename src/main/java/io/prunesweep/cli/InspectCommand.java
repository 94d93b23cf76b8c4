package io.prunesweep.cli;

import io.prunesweep.eval.LayerStats;
import io.prunesweep.graph.DependencyGraph;
import io.prunesweep.model.KerasImport;
import io.prunesweep.model.ModelStore;
import io.prunesweep.model.Net;
import io.prunesweep.prune.Topology;
import io.prunesweep.spec.ModelSpec;
import io.prunesweep.storage.StoragePath;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code prunesweep inspect}: which layers of a model support which pruning granularity, and their sparsity. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show a model's layers, their sparsity and which pruning granularities they support.")
final class InspectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "a DL4J MultiLayerNetwork or ComputationGraph zip, or a Keras 2 "
            + "HDF5 model (.h5, .hdf5; shown as imported)")
    Path model;

    @Override
    public Integer call() {
        var loaded = KerasImport.isKerasFileName(model.toString())
                ? KerasImport.loadAsBase(StoragePath.local(model), ModelSpec.DEFAULT_LEARNING_RATE)
                : ModelStore.load(model);
        System.out.println(model + ": " + loaded.net().numParams() + " parameters, fingerprint " + loaded.fingerprint());
        boolean graph = loaded.net().isGraph();
        for (LayerStats l : LayerStats.of(loaded.net())) {
            System.out.printf("  layer %s %-18s params %8d nonzero %8d sparsity %6.2f%%%n",
                    graph ? l.name() : String.valueOf(l.index()), l.type(), l.params(), l.nonzero(), 100 * l.sparsity());
        }
        if (graph) {
            System.out.println("graph (vertex <- inputs):");
            for (Net.Node n : loaded.net().nodes()) {
                System.out.printf("  %s %s <- %s%s%n", n.name(), n.type(), String.join(", ", n.inputs()),
                        n.output() ? " (output)" : "");
            }
        }
        System.out.println("pruning support:");
        System.out.print(Topology.of(loaded.net()).describe().indent(2));
        System.out.println("unit groups (units removed together, with every parameter slice that moves with them):");
        System.out.print(DependencyGraph.of(loaded.net()).describe().indent(2));
        return 0;
    }
}
