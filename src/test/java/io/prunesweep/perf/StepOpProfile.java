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
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;

/** Lists the ND4J ops a fine-tune step of the 75 %-shrunk MLP issues (OpProfiler's dashboard over 40 steps). */
public final class StepOpProfile {
    private StepOpProfile() {
    }

    public static void main(String[] args) {
        ThreadPolicy.apply(1);
        double removed = args.length > 0 ? Double.parseDouble(args[0]) : 0.75;
        int n = 40 * 128;
        Random r = new Random(1);
        float[] x = new float[n * 784];
        int[] y = new int[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(10);
        }
        LabeledData data = new LabeledData("random", x, y, 784, 10, null);
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
