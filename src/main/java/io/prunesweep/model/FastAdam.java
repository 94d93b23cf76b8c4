package io.prunesweep.model;

import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * DL4J's {@link Adam} configuration (learning rate or schedule, β1, β2, ε; state m then v, as Adam lays it
 * out), applied by {@link FastAdamUpdater} in one pass over the parameters instead of libnd4j's
 * {@code adam_updater} op, which in nd4j-native 1.0.0-M2.1 takes about twenty times as long as one element-wise
 * multiply over the same arrays (bench/NOTES.md, "Fine-tuning profile"). Same state layout and same arithmetic
 * (in the parameters' precision), so a model switches between the two without any change to its state.
 *
 * <p>A subclass so that everything that reads an Adam configuration (learning-rate changes, schedules, state
 * size, JSON) treats it as one; serialised models record the class name and reload with it.
 */
public class FastAdam extends Adam {

    /** For JSON deserialisation; DL4J's defaults until the fields are set. */
    public FastAdam() {
    }

    /** The same configuration as {@code adam}. */
    public static FastAdam of(Adam adam) {
        FastAdam f = new FastAdam();
        f.setLearningRate(adam.getLearningRate());
        f.setLearningRateSchedule(adam.getLearningRateSchedule() == null ? null : adam.getLearningRateSchedule().clone());
        f.setBeta1(adam.getBeta1());
        f.setBeta2(adam.getBeta2());
        f.setEpsilon(adam.getEpsilon());
        return f;
    }

    /** Adam with a learning-rate schedule and DL4J's default β1, β2 and ε. */
    public static FastAdam of(ISchedule schedule) {
        return of(new Adam(schedule));
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        FastAdamUpdater u = new FastAdamUpdater(this);
        INDArray flat = viewArray.reshape(viewArray.length());
        long[] gradientShape = Arrays.copyOf(flat.shape(), flat.rank());
        gradientShape[0] /= 2;
        u.setStateViewArray(flat, gradientShape, flat.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        FastAdamUpdater u = new FastAdamUpdater(this);
        u.setState(updaterState, initializeStateArrays);
        return u;
    }

    /** Adam's own clone would return a plain {@link Adam}: DL4J clones the updater into every layer. */
    @Override
    public FastAdam clone() {
        return of(this);
    }
}
