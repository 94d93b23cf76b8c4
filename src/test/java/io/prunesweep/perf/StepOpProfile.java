package io.prunesweep.perf;

import io.prunesweep.data.LabeledData;
import io.prunesweep.model.InputSpec;
import io.prunesweep.model.ModelZoo;
import io.prunesweep.model.Net;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.prune.FineTuner;
import io.prunesweep.spec.Granularity;
import io.prunesweep.prune.MaskSet;
import io.prunesweep.prune.PrunePlan;
import io.prunesweep.prune.PruneSettings;
import io.prunesweep.prune.Pruner;
import io.prunesweep.spec.Scope;
import io.prunesweep.prune.ScoringContext;
import io.prunesweep.prune.Surgeon;
import io.prunesweep.sweep.ThreadPolicy;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;

/**
 * Lists the native ops a fine-tune step issues (ND4J's OpProfiler dashboard over 40 steps, after an untimed epoch):
 * LeNet-300-100 with {@code removed} of each hidden layer's neurons cut by {@code Surgeon.shrink} (default 0.75, as
 * §4c of RESULTS.md; 0 for the dense network). The ops counted here are the fixed per-step costs that do not
 * shrink with the layers.
 *
 * <p>{@code OMP_NUM_THREADS=1 java @conf/jvm.options -cp "target/classes:target/test-classes:target/lib/*"
 * io.prunesweep.perf.StepOpProfile [removed]}
 */
public final class StepOpProfile {
    private StepOpProfile() {
    }

    public static void main(String[] args) {
        ThreadPolicy.apply(1);
        double removed = args.length > 0 ? Double.parseDouble(args[0]) : 0.75;
        LabeledData data = TwoProcessTraining.randomData(40 * 128);
        InputSpec in = InputSpec.flat(784);
        MultiLayerNetwork net = ModelZoo.build("mlp", in, 10, 1, 0.001);
        if (removed > 0) {
            PruneSettings s = new PruneSettings(CriterionKind.L2, Granularity.NEURON, Scope.LAYER, removed, false, 1.0, 1);
            PrunePlan plan = Pruner.plan(Net.of(net), s, new ScoringContext(Net.of(net), 1, List.of()));
            net = Surgeon.shrink(net, plan.removedUnits());
        }
        FineTuner.fineTune(Net.of(net), data.fitIterator(128, true, 1), 1, 0.001, MaskSet.empty());
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.OPERATIONS);
        OpProfiler.getInstance().reset();
        FineTuner.fineTune(Net.of(net), data.fitIterator(128, true, 2), 1, 0.001, MaskSet.empty());
        OpProfiler.getInstance().printOutDashboard();
    }
}
