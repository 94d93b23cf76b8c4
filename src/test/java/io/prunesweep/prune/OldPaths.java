package io.prunesweep.prune;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The implementations the fine-tune speed-up replaced, kept verbatim in behaviour as test oracles: the
 * new code must give bit-identical results for the same seed. Slow on purpose (one mixed-order multiply
 * per parameter, boxed sorting); use only on small inputs.
 */
final class OldPaths {
    private OldPaths() {
    }

    /** Zeroes masked entries one parameter at a time, the mask in C order against DL4J's views. */
    static void applyPerParam(MaskSet masks, MultiLayerNetwork net) {
        for (ParamMask m : masks.masks().values()) {
            var p = net.getParam(m.key());
            p.muli(Nd4j.create(m.toFloats(), m.shape(), 'c').castTo(p.dataType()));
        }
    }

    /** The former MaskEnforcer: per-parameter multiplies after every iteration. */
    static final class PerParamEnforcer extends BaseTrainingListener {
        private final MaskSet masks;

        PerParamEnforcer(MaskSet masks) {
            this.masks = masks;
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            applyPerParam(masks, (MultiLayerNetwork) model);
        }
    }

    /** The former Pruner.lowest: boxed sort of all indices by (score, index). */
    static int[] lowest(float[] s, int k) {
        Integer[] idx = new Integer[s.length];
        for (int i = 0; i < s.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> {
            int c = Float.compare(s[a], s[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    /** The former Pruner.globalOrder: boxed sort of packed (layer, unit) by (score, layer, unit). */
    static long[] globalOrder(List<float[]> scores) {
        int n = scores.stream().mapToInt(a -> a.length).sum();
        Long[] all = new Long[n];
        int p = 0;
        for (int t = 0; t < scores.size(); t++) {
            for (int u = 0; u < scores.get(t).length; u++) {
                all[p++] = ((long) t << 32) | u;
            }
        }
        Arrays.sort(all, (a, b) -> {
            int c = Float.compare(scores.get((int) (a >>> 32))[(int) (long) a],
                    scores.get((int) (b >>> 32))[(int) (long) b]);
            return c != 0 ? c : Long.compare(a, b);
        });
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = all[i];
        }
        return out;
    }
}
