package io.prunesweep.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.model.Net;
import io.prunesweep.spec.BlockShape;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.NmPattern;
import io.prunesweep.spec.ScheduleKind;
import io.prunesweep.spec.Scope;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

class ScheduledPruningTest {

    private static final DataSet DATA = TinyNets.data(256, 12, DataType.FLOAT, 3);

    private static PruneSettings settings(Granularity g, double s) {
        return new PruneSettings(CriterionKind.MAGNITUDE, g, Scope.LAYER, s, false, 1, 7);
    }

    private static ScheduledPruning.Training training(int epochs) {
        return new ScheduledPruning.Training(TinyNets.iterator(DATA, 32), epochs, 0.01, 256 / 32);
    }

    private static ScheduledPruning.Outcome run(MultiLayerNetwork net, ScheduleKind kind, int rounds,
                                                PruneSettings s, int epochs, MultiLayerNetwork init) {
        return ScheduledPruning.run(Net.of(net), kind, rounds, s, n -> new ScoringContext(n, 7, List.of()), training(epochs),
                init == null ? null : Net.of(init), 99);
    }

    private static double prunableSparsity(MaskSet m, MultiLayerNetwork net) {
        long w = 0;
        long kept = 0;
        for (ParamMask pm : m.masks().values()) {
            w += pm.length();
            kept += pm.keptCount();
        }
        return 1 - (double) kept / w;
    }

    @Test
    void iterativeAndGradualEndExactlyAtTheTargetWithTheMaskHeld() {
        for (ScheduleKind kind : List.of(ScheduleKind.ONE_SHOT, ScheduleKind.ITERATIVE, ScheduleKind.GRADUAL)) {
            MultiLayerNetwork net = TinyNets.mlp(DataType.FLOAT, 1);
            ScheduledPruning.Outcome o = run(net, kind, 3, settings(Granularity.ELEMENT, 0.8), 6, null);
            // layer scope, two hidden layers of 120 and 80 weights: 96 + 64 removed
            assertEquals(96 + 64, o.masks().prunedCount(), kind.id());
            assertEquals(0.8, prunableSparsity(o.masks(), net), 1e-12, kind.id());
            assertEquals(0, o.masks().violations(Net.of(net)), kind.id() + ": mask held");
            assertEquals(kind == ScheduleKind.ONE_SHOT ? 1 : kind == ScheduleKind.ITERATIVE ? 3
                    : Schedules.gradualPlan(6 * 8).steps(), o.steps(),
                    kind.id());
        }
    }

    @Test
    void gradualSwapsTheEnforcedMaskDuringTraining() {
        MultiLayerNetwork net = TinyNets.mlp(DataType.FLOAT, 1);
        PruneSettings s = settings(Granularity.ELEMENT, 0.9);
        MaskEnforcer enforcer = new MaskEnforcer(MaskSet.empty());
        Schedules.GradualPlan plan = Schedules.gradualPlan(3 * 8);
        ScheduledPruning.GradualListener l = new ScheduledPruning.GradualListener(s,
                n -> new ScoringContext(n, 7, List.of()), enforcer, plan);
        FineTuner.fineTune(Net.of(net), TinyNets.iterator(DATA, 32), 3, 0.01, enforcer, List.of(l));
        assertEquals(plan.steps(), l.step);
        assertEquals(l.last.masks(), enforcer.masks(), "the enforcer holds the last plan's mask");
        assertEquals(0, enforcer.masks().violations(Net.of(net)));
        assertEquals(0.9, prunableSparsity(enforcer.masks(), net), 0.01);
    }

    @Test
    void gradualWithTaylorScoresDuringTrainingAndHoldsTheMask() {
        MultiLayerNetwork net = TinyNets.mlp(DataType.FLOAT, 6);
        PruneSettings s = new PruneSettings(CriterionKind.TAYLOR, Granularity.BLOCK, Scope.GLOBAL, 0.75, false, 1, 7,
                null, BlockShape.parse("2x2"));
        List<DataSet> batches = TinyNets.batches(DATA, 64);
        ScheduledPruning.Outcome o = ScheduledPruning.run(Net.of(net), ScheduleKind.GRADUAL, 1, s,
                n -> new ScoringContext(n, 7, batches), training(3), null, 0);
        assertEquals(0, o.masks().violations(Net.of(net)));
        assertEquals(0.75, o.plan().achieved(), 0.02);
        assertTrue(Double.isFinite(o.loss()));
    }

    @Test
    void lotteryRewindsSurvivorsToTheirInitialValuesExactly() {
        MultiLayerNetwork init = TinyNets.mlp(DataType.FLOAT, 5);
        MultiLayerNetwork net = init.clone();
        FineTuner.fineTune(Net.of(net), TinyNets.iterator(DATA, 32), 3, 0.01, MaskSet.empty()); // "base training"
        PrunePlan p = Pruner.plan(Net.of(net), settings(Granularity.ELEMENT, 0.7), new ScoringContext(Net.of(net), 7, List.of()));
        ScheduledPruning.rewind(Net.of(net), Net.of(init), p.masks());
        for (Map.Entry<String, org.nd4j.linalg.api.ndarray.INDArray> e : net.paramTable().entrySet()) {
            float[] now = e.getValue().dup('c').data().asFloat();
            float[] was = init.getParam(e.getKey()).dup('c').data().asFloat();
            ParamMask m = p.masks().masks().get(e.getKey());
            for (int i = 0; i < now.length; i++) {
                if (m == null || m.isKept(i)) {
                    assertEquals(was[i], now[i], 0f, e.getKey() + "[" + i + "] rewound exactly");
                } else {
                    assertEquals(0f, now[i], 0f, e.getKey() + "[" + i + "] masked");
                }
            }
        }
        FineTuner.fineTune(Net.of(net), TinyNets.iterator(DATA, 32), 2, 0.01, p.masks());
        assertEquals(0, p.masks().violations(Net.of(net)), "mask held after retraining");
    }

    @Test
    void lotteryAndItsReinitControlShareTheMasksButNotTheStart() {
        MultiLayerNetwork init = TinyNets.mlp(DataType.FLOAT, 5);
        MultiLayerNetwork a = init.clone();
        MultiLayerNetwork b = init.clone();
        FineTuner.fineTune(Net.of(a), TinyNets.iterator(DATA, 32), 2, 0.01, MaskSet.empty());
        FineTuner.fineTune(Net.of(b), TinyNets.iterator(DATA, 32), 2, 0.01, MaskSet.empty());
        ScheduledPruning.Outcome lot = run(a, ScheduleKind.LOTTERY, 3, settings(Granularity.ELEMENT, 0.8), 3, init);
        ScheduledPruning.Outcome ctl = run(b, ScheduleKind.LOTTERY_REINIT, 3, settings(Granularity.ELEMENT, 0.8), 3,
                init);
        assertEquals(lot.masks(), ctl.masks(), "same masks");
        assertEquals(0, lot.masks().violations(Net.of(a)));
        assertEquals(0, ctl.masks().violations(Net.of(b)));
        assertNotEquals(a.getParam("0_W"), b.getParam("0_W"));
        Net fresh = ScheduledPruning.freshInit(Net.of(init), 99);
        assertNotEquals(init.getParam("0_W"), fresh.param("0_W"), "a fresh init differs from the snapshot");
    }

    private static void assertNm(MaskSet masks, MultiLayerNetwork net, int n, int m) {
        Topology topo = Topology.of(Net.of(net));
        for (Topology.PrunableLayer l : topo.targets(Granularity.NM, false)) {
            long[] shape = net.getParam(l.weightKey()).shape();
            float[] w = net.getParam(l.weightKey()).dup('c').data().asFloat();
            ParamMask pm = masks.masks().get(l.weightKey());
            int[][] groups = WeightGroups.nm(l, shape, m);
            assertTrue(groups.length > 0);
            for (int[] g : groups) {
                assertEquals(m, g.length, "test nets have input sizes divisible by M");
                int kept = 0;
                int nonzero = 0;
                for (int i : g) {
                    kept += pm.isKept(i) ? 1 : 0;
                    nonzero += w[i] != 0f ? 1 : 0;
                }
                assertEquals(n, kept, l.weightKey());
                assertEquals(n, nonzero, l.weightKey());
            }
        }
    }

    @Test
    void nmPatternHoldsAfterPruningAndFineTuning() {
        for (ScheduleKind kind : List.of(ScheduleKind.ONE_SHOT, ScheduleKind.GRADUAL, ScheduleKind.ITERATIVE)) {
            MultiLayerNetwork net = TinyNets.mlp(DataType.FLOAT, 2);
            PruneSettings s = new PruneSettings(CriterionKind.MAGNITUDE, Granularity.NM, Scope.GLOBAL, 0.5, false, 1,
                    7, NmPattern.parse("1:2"), null);
            PrunePlan first = Pruner.plan(Net.of(net), s, new ScoringContext(Net.of(net), 7, List.of()));
            MultiLayerNetwork copy = net.clone();
            first.masks().applyTo(Net.of(copy));
            assertNm(first.masks(), copy, 1, 2);
            ScheduledPruning.Outcome o = run(net, kind, 2, s, 3, null);
            assertNm(o.masks(), net, 1, 2);
        }
        // 2:4 on the hidden layers of width 12 and 10 is not a multiple of 4 for the second: use a conv
        MultiLayerNetwork cnn = TinyNets.cnn(3);
        PruneSettings s = new PruneSettings(CriterionKind.L2, Granularity.NM, Scope.LAYER, 0.5, false, 1, 7,
                NmPattern.DEFAULT, null);
        PrunePlan p = Pruner.plan(Net.of(cnn), s, new ScoringContext(Net.of(cnn), 7, List.of()));
        p.masks().applyTo(Net.of(cnn));
        // conv 0: 1x3x3 = 9 inputs per filter (partial last group); conv 2: 6x2x2 = 24, a multiple of 4
        ParamMask c2 = p.masks().masks().get("2_W");
        assertEquals(24 * 5 / 2, c2.keptCount());
        ParamMask c0 = p.masks().masks().get("0_W");
        assertEquals(6 * (2 + 2 + 1), c0.keptCount(), "groups 4,4,1 keep 2,2,1");
    }

    @Test
    void blocksArePrunedWhole() {
        MultiLayerNetwork net = TinyNets.mlp(DataType.FLOAT, 4);
        PruneSettings s = new PruneSettings(CriterionKind.L1, Granularity.BLOCK, Scope.LAYER, 0.5, false, 1, 7, null,
                BlockShape.parse("4x2"));
        PrunePlan p = Pruner.plan(Net.of(net), s, new ScoringContext(Net.of(net), 7, List.of()));
        for (Topology.PrunableLayer l : Topology.of(Net.of(net)).targets(Granularity.BLOCK, false)) {
            long[] shape = net.getParam(l.weightKey()).shape();
            int[][] blocks = WeightGroups.blocks(l, shape, 4, 2);
            ParamMask m = p.masks().masks().get(l.weightKey());
            int removed = 0;
            for (int[] b : blocks) {
                int kept = 0;
                for (int i : b) {
                    kept += m.isKept(i) ? 1 : 0;
                }
                assertTrue(kept == 0 || kept == b.length, "a block is kept or removed whole");
                removed += kept == 0 ? 1 : 0;
            }
            assertEquals(Math.round(0.5 * blocks.length), removed);
        }
        // block 4x2 of layer 0 ([12, 10]) covers rows 0..3 of columns 0..1: flat r*10 + o
        Topology.PrunableLayer l0 = Topology.of(Net.of(net)).layer(0).orElseThrow();
        int[][] b0 = WeightGroups.blocks(l0, new long[] {12, 10}, 4, 2);
        assertEquals(3 * 5, b0.length);
        assertEquals(List.of(0, 1, 10, 11, 20, 21, 30, 31), java.util.Arrays.stream(b0[0]).boxed().toList());
        // conv: [out=5, in=6, 2, 2] -> reduction 24 x outputs 5; block 4x1 = 4 consecutive taps of one filter
        MultiLayerNetwork cnn = TinyNets.cnn(3);
        Topology.PrunableLayer c2 = Topology.of(Net.of(cnn)).layer(2).orElseThrow();
        int[][] cb = WeightGroups.blocks(c2, cnn.getParam("2_W").shape(), 4, 1);
        assertEquals(6 * 5, cb.length);
        assertEquals(List.of(24, 25, 26, 27), java.util.Arrays.stream(cb[1]).boxed().toList());
        PrunePlan cp = Pruner.plan(Net.of(cnn), new PruneSettings(CriterionKind.TAYLOR, Granularity.BLOCK, Scope.GLOBAL, 0.6,
                false, 1, 7, null, BlockShape.DEFAULT), new ScoringContext(Net.of(cnn), 7,
                List.of(TinyNets.data(64, 100, DataType.FLOAT, 3))));
        assertTrue(cp.masks().prunedCount() > 0);
    }
}
