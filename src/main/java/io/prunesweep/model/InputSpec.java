package io.prunesweep.model;

import io.prunesweep.data.ImageShape;
import io.prunesweep.data.LabeledData;
import java.io.Serializable;
import java.util.Optional;
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

    /**
     * The shape as messages write it: {@code [channels, height, width] (N features)} for an image, {@code N features}
     * for a flat row.
     */
    public String shape() {
        return height > 0 ? shape(channels, height, imageWidth) : width + " features";
    }

    private static String shape(int channels, int height, int width) {
        return "[" + channels + ", " + height + ", " + width + "] (" + (long) channels * height * width + " features)";
    }

    /**
     * Whether this model reads {@code data} as it is laid out: the same number of features and, when both sides
     * are images, the same (channels, height, width). A flat model reads an image of its width as a row (an MLP on
     * pixels), and an image model reads flat rows of its width (they declare no layout to contradict); but an image
     * of another shape with the same number of values would be reshaped into nonsense without any error, so it is
     * refused.
     */
    public boolean reads(LabeledData data) {
        if (data.width() != width) {
            return false;
        }
        Optional<ImageShape> image = data.imageShape();
        return height <= 0 || image.isEmpty() || image.get().channels() == channels
                && image.get().height() == height && image.get().width() == imageWidth;
    }

    /**
     * The one check of a model against the data it is to be trained, pruned or measured on, for every kind of
     * network: what it reads ({@link #of}) against the data's features and image shape ({@link #reads}), and every
     * output layer's width against the data's classes. Done before any training or pruning, so a mismatch is bad
     * input named with both shapes rather than a bare ND4J shape error, or, for an image of another shape with as
     * many values, a model silently trained on scrambled pixels.
     *
     * @param net   the model
     * @param data  the data (any split: they share width, shape and classes)
     * @param model how messages name the model (its file, zoo name)
     * @return what the model reads
     * @throws ModelException naming the model's input shape and the data's, or its outputs and the data's classes
     */
    public static InputSpec requireFits(Net net, LabeledData data, String model) {
        InputSpec input = of(net);
        if (!input.reads(data)) {
            String dataShape = data.imageShape().map(s -> shape(s.channels(), s.height(), s.width()))
                    .orElse(data.width() + " features");
            throw new ModelException(model + ": model input " + input.shape() + " does not match data " + dataShape
                    + " (dataset " + data.name() + ")");
        }
        for (Net.Node n : net.nodes()) {
            if (n.output() && n.layer() instanceof FeedForwardLayer out && out.getNOut() != data.numClasses()) {
                throw new ModelException(model + ": output layer " + n.name() + " has " + out.getNOut()
                        + " outputs but the data has " + data.numClasses() + " classes (dataset " + data.name() + ")");
            }
        }
        return input;
    }
}
