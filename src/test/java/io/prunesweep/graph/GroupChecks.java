package io.prunesweep.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A check of a grouping against the network's own forward pass (inference mode), independent of how the
 * groups were derived. For a unit u of a prunable group:
 * <ol>
 *   <li>silence u at its source (zero every non-input member's slice; for batch norm only gamma and beta, which
 *       makes its output exactly zero): then the readers' slices of u ({@link Role#INPUT}) no longer matter, so
 *       perturbing them must leave the output unchanged. This fails if a producer of u (a residual branch, say)
 *       is missing from the group, or if an input slice points at a live channel;</li>
 *   <li>cut u from its readers (zero the input slices): then the unit's own parameters no longer matter, so
 *       perturbing them must leave the output unchanged. This fails if a reader of u is missing.</li>
 * </ol>
 * Each perturbation, applied without the zeroing, must change the output, so neither check passes vacuously.
 */
final class GroupChecks {
    private GroupChecks() {
    }

    /** A network under test: its parameters and a forward pass. */
    interface Subject {
        Model model();

        INDArray output(INDArray x);

        Subject copy();
    }

    static Subject of(MultiLayerNetwork net) {
        return new Subject() {
            public Model model() {
                return net;
            }

            public INDArray output(INDArray x) {
                return net.output(x, false);
            }

            public Subject copy() {
                return of(net.clone());
            }
        };
    }

    static Subject of(ComputationGraph net) {
        return new Subject() {
            public Model model() {
                return net;
            }

            public INDArray output(INDArray x) {
                return net.outputSingle(false, x);
            }

            public Subject copy() {
                return of(net.clone());
            }
        };
    }

    /** Replaces every parameter by random values (variances positive), so no check rests on an initial zero. */
    static void randomise(Subject s, long seed) {
        Nd4j.getRandom().setSeed(seed);
        for (Map.Entry<String, INDArray> e : s.model().paramTable().entrySet()) {
            INDArray p = e.getValue();
            INDArray r = Nd4j.randn(DataType.FLOAT, p.shape()).muli(0.5);
            if (e.getKey().endsWith("_var")) {
                r = Nd4j.rand(DataType.FLOAT, p.shape()).addi(0.5);
            } else if (e.getKey().endsWith("_log10stdev")) {
                r = Nd4j.rand(DataType.FLOAT, p.shape()).muli(0.3).subi(0.15);
            }
            s.model().setParam(e.getKey(), r);
        }
    }

    /**
     * Runs both checks on up to four units (first, second, middle, last) of every prunable group; returns how
     * many units were checked. A unit that is dead on {@code x} (a ReLU that never fires) makes its checks
     * vacuous, so each check must have an effect on at least one checked unit of each group.
     */
    static int assertSound(Subject net, DependencyGraph graph, INDArray x) {
        int checked = 0;
        for (UnitGroup g : graph.prunable()) {
            boolean sourceMatters = false;
            boolean readersMatter = false;
            for (int u : new java.util.TreeSet<>(List.of(0, Math.min(1, g.width() - 1), g.width() / 2,
                    g.width() - 1))) {
                readersMatter |= check(net, g, u, x, m -> m.role() != Role.INPUT, m -> m.role() == Role.INPUT);
                sourceMatters |= check(net, g, u, x, m -> m.role() == Role.INPUT, m -> m.role() != Role.INPUT);
                checked++;
            }
            assertTrue(readersMatter && sourceMatters, "group " + g.id() + " '" + g.name() + "': perturbing "
                    + (readersMatter ? "the units' own slices" : "the readers' slices") + " never changes the output, "
                    + "so the checks prove nothing");
        }
        return checked;
    }

    /** One check; returns whether the perturbation alone changes the output (the check is not vacuous). */
    private static boolean check(Subject net, UnitGroup g, int u, INDArray x, Predicate<Member> zeroed,
                                 Predicate<Member> perturbed) {
        String what = "group " + g.id() + " '" + g.name() + "' unit " + u;
        Subject cut = net.copy();
        for (Member m : g.membersOf(u)) {
            if (zeroed.test(m) && !(m.role() == Role.NORM && !(m.param().endsWith("_gamma") || m.param().endsWith("_beta")))) {
                edit(cut, m, u, 0);
            }
        }
        INDArray before = cut.output(x);
        Subject cutAndMoved = cut.copy();
        Subject moved = net.copy();
        boolean any = false;
        for (Member m : g.membersOf(u)) {
            if (perturbed.test(m)) {
                edit(cutAndMoved, m, u, 1);
                edit(moved, m, u, 1);
                any = true;
            }
        }
        assertTrue(any, what + ": nothing to perturb");
        INDArray after = cutAndMoved.output(x);
        double leak = after.sub(before).amaxNumber().doubleValue();
        assertTrue(leak < 1e-5, what + ": the output moved by " + leak + " although the unit was cut off\n"
                + g.members());
        return moved.output(x).sub(net.output(x)).amaxNumber().doubleValue() > 1e-4;
    }

    /** Sets unit u's slice of m to zero (mode 0) or adds a large random perturbation to it (mode 1). */
    private static void edit(Subject s, Member m, int u, int mode) {
        INDArray p = s.model().getParam(m.param()).dup();
        INDArray v = m.view(p, u);
        if (mode == 0) {
            v.assign(0);
        } else if (m.param().endsWith("_var")) {
            v.muli(3);
        } else {
            v.addi(Nd4j.randn(DataType.FLOAT, v.shape()).muli(2));
        }
        s.model().setParam(m.param(), p);
        assertEquals(0, s.model().getParam(m.param()).sub(p).amaxNumber().doubleValue(), 0, m.param() + " not set");
    }
}
