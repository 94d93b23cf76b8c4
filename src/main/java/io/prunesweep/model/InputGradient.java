package io.prunesweep.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Whether the first layer of a {@link MultiLayerNetwork} must compute the gradient with respect to the network's
 * input, as seen by the thread that runs the layer.
 *
 * <p>Why: DL4J's {@code MultiLayerNetwork.fit} has every layer compute its input gradient and then drops the first
 * layer's ({@code calcBackpropGradients} with {@code returnInputActGrad} false): nothing trains on the data's
 * gradient. For LeNet-300-100 that one product is 29 % of a training step's FLOPs (2 × 784 × 300 of 6 × 266,200
 * per example). A layer cannot see which entry point called its backward pass, and DL4J's other entry points
 * ({@code calculateGradients}, a network used as a layer) do return that gradient, so {@link Net.Chain}'s training
 * entry points declare it for the thread that runs them, and only there do {@link FastDenseLayer} and
 * {@link FastConv2DLayer} at index 0 skip it.
 */
final class InputGradient {
    /** What the first layer's backward pass returns as its input gradient. */
    enum Mode {
        /** The real gradient: outside a declared training pass. */
        NEEDED,
        /** {@code null}, which DL4J accepts for the first layer when no input preprocessor follows. */
        UNUSED,
        /**
         * An uninitialised array of the input's shape: DL4J hands the first layer's input gradient to an input
         * preprocessor before dropping it, and the preprocessors dereference it.
         */
        PLACEHOLDER
    }

    private static final ThreadLocal<Mode> MODE = ThreadLocal.withInitial(() -> Mode.NEEDED);

    private InputGradient() {
    }

    /** Runs {@code fit}, a training call on {@code network}, with the first layer's input gradient declared unused. */
    static void unusedDuring(MultiLayerNetwork network, Runnable fit) {
        Mode before = MODE.get();
        MODE.set(network.getLayerWiseConfigurations().getInputPreProcess(0) == null ? Mode.UNUSED
                : Mode.PLACEHOLDER);
        try {
            fit.run();
        } finally {
            MODE.set(before);
        }
    }

    /** What the layer at {@code layerIndex} returns as its input gradient on this thread now. */
    static Mode forLayer(int layerIndex) {
        return layerIndex == 0 ? MODE.get() : Mode.NEEDED;
    }
}
