package io.prunesweep.model;

import java.io.Serializable;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;

/**
 * The input a model reads: always a flat row of {@code width} features; for image models also the
 * (channels, height, imageWidth) the row is reshaped to. Height 0 means a plain feature vector.
 */
public record InputSpec(int width, int channels, int height, int imageWidth) implements Serializable {
    public InputSpec {
        if (width <= 0) {
            throw new ModelException("input width must be positive, found " + width);
        }
        if (height > 0 && (long) channels * height * imageWidth != width) {
            throw new ModelException("image shape " + channels + "x" + height + "x" + imageWidth
                    + " does not match " + width + " features");
        }
    }

    /** A plain feature vector. */
    public static InputSpec flat(int width) {
        return new InputSpec(width, 0, 0, 0);
    }

    /** An image, fed as a flat row. */
    public static InputSpec image(int channels, int height, int width) {
        return new InputSpec(channels * height * width, channels, height, width);
    }

    /** The DL4J input type. */
    public InputType inputType() {
        return height > 0 ? InputType.convolutionalFlat(height, imageWidth, channels) : InputType.feedForward(width);
    }

    /**
     * What a network expects, read from its configuration: the preprocessor or {@code nIn} of the first layer
     * (of a graph: the first layer reading its single network input).
     */
    public static InputSpec of(Net net) {
        Net.Node first = null;
        for (Net.Node n : net.nodes()) {
            if (n.isLayer() && (net instanceof Net.Chain || n.inputs().stream().anyMatch(i -> net.node(i) == null))) {
                first = n;
                break;
            }
        }
        if (first == null) {
            throw new ModelException("cannot tell the input shape of this model: no layer reads the network input");
        }
        if (first.preProcessor() instanceof FeedForwardToCnnPreProcessor p) {
            return image((int) p.getNumChannels(), (int) p.getInputHeight(), (int) p.getInputWidth());
        }
        if (first.layer() instanceof FeedForwardLayer ff && ff.getNIn() > 0 && !(ff instanceof ConvolutionLayer)) {
            return flat((int) ff.getNIn());
        }
        throw new ModelException("cannot tell the input shape of this model: its first layer is "
                + first.layer().getClass().getSimpleName()
                + " without a FeedForwardToCnnPreProcessor; build it with setInputType(InputType.convolutionalFlat(...))");
    }
}
