package io.prunesweep.model;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The updater a {@link FastAdam} configuration instantiates: Adam's step written as one loop over the
 * gradient and the two state arrays, in place, for float arrays that are contiguous in one order; anything else
 * (double precision, strided views) goes through libnd4j's {@code adam_updater} op, as DL4J's own updater does.
 *
 * <p>Per element i, at iteration t (counted from 0), as libnd4j computes it:
 * {@code m ← β1·m + (1−β1)·g}, {@code v ← β2·v + (1−β2)·g²},
 * {@code g ← m·α_t / (√v + ε)} with {@code α_t = lr·√(1−β2^(t+1)) / (1−β1^(t+1))}.
 */
public final class FastAdamUpdater implements GradientUpdater<Adam> {
    private final Adam config;
    private INDArray m;
    private INDArray v;
    // scratch chunks, kept so the step allocates nothing on the fine-tune's hot path
    private final float[] gc = new float[FloatViews.CHUNK];
    private final float[] mc = new float[FloatViews.CHUNK];
    private final float[] vc = new float[FloatViews.CHUNK];

    /** @param config the Adam configuration (a {@link FastAdam}) */
    public FastAdamUpdater(Adam config) {
        this.config = config;
    }

    @Override
    public Adam getConfig() {
        return config;
    }

    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        if (!stateMap.containsKey(AdamUpdater.M_STATE) || !stateMap.containsKey(AdamUpdater.V_STATE)
                || stateMap.size() != 2) {
            throw new IllegalStateException("Adam state must hold exactly [" + AdamUpdater.M_STATE + ", "
                    + AdamUpdater.V_STATE + "], found " + stateMap.keySet());
        }
        m = stateMap.get(AdamUpdater.M_STATE);
        v = stateMap.get(AdamUpdater.V_STATE);
    }

    @Override
    public Map<String, INDArray> getState() {
        Map<String, INDArray> r = new HashMap<>();
        r.put(AdamUpdater.M_STATE, m);
        r.put(AdamUpdater.V_STATE, v);
        return r;
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        if (!viewArray.isRowVector() && viewArray.rank() != 1) {
            throw new IllegalArgumentException("Adam state must be a vector, found shape "
                    + java.util.Arrays.toString(viewArray.shape()));
        }
        if (initialize) {
            viewArray.assign(0);
        }
        INDArray flat = viewArray.reshape(viewArray.length());
        long half = flat.length() / 2;
        m = Shape.newShapeNoCopy(flat.get(NDArrayIndex.interval(0, half)), gradientShape, gradientOrder == 'f');
        v = Shape.newShapeNoCopy(flat.get(NDArrayIndex.interval(half, flat.length())), gradientShape,
                gradientOrder == 'f');
        if (m == null || v == null) {
            throw new IllegalStateException("cannot lay the Adam state out as the gradient "
                    + java.util.Arrays.toString(gradientShape));
        }
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        applyUpdater(gradient, iteration, epoch, 1f);
    }

    /**
     * Divides the gradient by {@code divisor} (DL4J's division by the minibatch size) and applies Adam, in one pass
     * when the arrays allow it. The division is the float division libnd4j's {@code divi} does, so the result is
     * the same bit for bit as dividing first and calling {@link #applyUpdater(INDArray, int, int)}.
     */
    public void applyUpdater(INDArray gradient, int iteration, int epoch, float divisor) {
        if (m == null || v == null) {
            throw new IllegalStateException("Adam updater has no state view");
        }
        double lr = config.getLearningRate(iteration, epoch);
        INDArray g = gradient.reshape(v.shape());
        if (!FloatViews.flat(g) || !FloatViews.flat(m) || !FloatViews.flat(v) || g.ordering() != v.ordering()
                || m.ordering() != v.ordering()) {
            if (divisor != 1f) {
                g.divi(divisor);
            }
            Nd4j.exec(new org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater(g, v, m, lr, config.getBeta1(),
                    config.getBeta2(), config.getEpsilon(), iteration));
            return;
        }
        step(FloatViews.floats(g), FloatViews.floats(m), FloatViews.floats(v), (int) g.length(), divisor, (float) lr,
                (float) config.getBeta1(), (float) config.getBeta2(), (float) config.getEpsilon(), iteration);
    }

    /**
     * One Adam step in float arithmetic over n elements of g / divisor: g becomes the update, m and v the new
     * state.
     */
    private void step(FloatBuffer g, FloatBuffer m, FloatBuffer v, int n, float divisor, float lr, float beta1,
                      float beta2, float epsilon, int iteration) {
        float beta1T = (float) Math.pow(beta1, iteration + 1);
        float beta2T = (float) Math.pow(beta2, iteration + 1);
        float alpha = lr * (float) Math.sqrt(1f - beta2T) / (1f - beta1T);
        if (Float.isNaN(alpha) || Float.isInfinite(alpha) || alpha == 0f) {
            alpha = epsilon;
        }
        float oneMinusBeta1 = 1f - beta1;
        float oneMinusBeta2 = 1f - beta2;
        // chunks copied to heap arrays: see FloatViews
        int chunk = FloatViews.CHUNK;
        for (int from = 0; from < n; from += chunk) {
            int len = Math.min(chunk, n - from);
            g.get(from, gc, 0, len);
            m.get(from, mc, 0, len);
            v.get(from, vc, 0, len);
            for (int i = 0; i < len; i++) {
                float gi = gc[i] / divisor;
                float mi = beta1 * mc[i] + gi * oneMinusBeta1;
                float vi = beta2 * vc[i] + gi * gi * oneMinusBeta2;
                mc[i] = mi;
                vc[i] = vi;
                gc[i] = mi * alpha / ((float) Math.sqrt(vi) + epsilon);
            }
            g.put(from, gc, 0, len);
            m.put(from, mc, 0, len);
            v.put(from, vc, 0, len);
        }
    }

}
