package io.prunesweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.data.ImageShape;
import io.prunesweep.data.LabeledData;
import org.junit.jupiter.api.Test;

/** Which data layouts a model's input reads ({@link InputSpec#reads}), and the message of a mismatch. */
class InputSpecTest {

    private static LabeledData data(int width, ImageShape shape) {
        return new LabeledData("d", new float[2 * width], new int[] {0, 1}, width, 10, shape);
    }

    @Test
    void sameImageShapeAndFlatRowsOfTheWidthAreRead() {
        InputSpec image = InputSpec.image(1, 28, 28);
        assertTrue(image.reads(data(784, new ImageShape(1, 28, 28))));
        assertTrue(image.reads(data(784, null)), "flat rows declare no layout to contradict");
        assertTrue(InputSpec.flat(784).reads(data(784, new ImageShape(1, 28, 28))), "an MLP reads pixels as a row");
    }

    @Test
    void anotherImageShapeWithAsManyValuesOrAnotherWidthIsNot() {
        InputSpec image = InputSpec.image(1, 28, 28);
        assertFalse(image.reads(data(784, new ImageShape(1, 14, 56))));
        assertFalse(image.reads(data(784, new ImageShape(4, 14, 14))));
        assertFalse(image.reads(data(3 * 784, new ImageShape(3, 28, 28))));
        assertFalse(InputSpec.flat(100).reads(data(784, null)));
    }

    @Test
    void aMismatchNamesTheModelAndBothShapes() {
        Net net = Net.of(ModelZoo.build("cnn", InputSpec.image(1, 28, 28), 10, 1, 0.001));
        assertEquals(InputSpec.image(1, 28, 28), InputSpec.requireFits(net, data(784, new ImageShape(1, 28, 28)), "m"));
        ModelException e = assertThrows(ModelException.class,
                () -> InputSpec.requireFits(net, data(784, new ImageShape(1, 14, 56)), "m.zip"));
        assertEquals("m.zip: model input [1, 28, 28] (784 features) does not match data [1, 14, 56] (784 features) "
                + "(dataset d)", e.getMessage());
    }
}
