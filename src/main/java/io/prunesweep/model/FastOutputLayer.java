package io.prunesweep.model;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The layer a {@link FastOutput} configuration instantiates: DL4J's output layer, which in a training step computes
 * its pre-output once instead of twice. Every number it trains on is DL4J's, bit for bit: the loss's gradient and the
 * bias gradient come from DL4J's code (for softmax cross-entropy, ND4J's softmax op with the label subtraction and
 * the bias sum in Java, in the order ND4J adds: {@link #softmaxMinusLabels}, {@link #columnSums}), and the pre-output
 * and the weight and input gradients from direct BLAS calls
 * at the layouts that give ND4J's values exactly ({@link #preOutputWithPreNorm}), so a network trains as with
 * {@link org.deeplearning4j.nn.conf.layers.OutputLayer}; only the reported loss of softmax cross-entropy is summed
 * here (below).
 *
 * <p>Why: DL4J's output layer computes {@code x·W + b} for the gradient and again for the score of the same
 * step ({@code BaseOutputLayer.backpropGradient} and {@code computeScore} each call {@code preOutput2d}): a
 * product, a bias broadcast and their arrays per step for nothing. Here the gradient pass keeps a copy of its
 * pre-output and the score of the same input reads it, when the loss is one of ND4J's own (those copy the
 * pre-output before applying the activation, so it is still intact). The copy lives in an array of this layer's
 * own, outside DL4J's workspaces: the gradient pass runs in a per-layer working memory that is closed before the
 * network asks for the score.
 *
 * <p>For the loss almost every classifier has, softmax with cross-entropy (ND4J's {@link LossMCXENT} without
 * class weights or a label mask), the gradient pass does not keep the pre-output at all: it sums the loss of
 * its batch right there, in Java, from the pre-output and the labels, and the score of the step is that sum.
 * ND4J's score would run eight native operations (a copy, the softmax, two clipping passes, the log, the product
 * with the labels, the sum and the copy kept here) on a few kilobytes, each with a fixed per-call cost that a
 * shrunk network's short step feels (bench §4c). The sum is exact to float rounding but not bit for bit ND4J's (its
 * exponential and its summation order differ); nothing trains on the score, which is only reported and checked
 * for divergence, so parameters, gradients and outputs stay bit for bit DL4J's.
 *
 * <p>The kept pre-output, or the kept loss, is used only for the very input and labels it came from and dropped
 * when the input changes, when the step clears its weight noise and after the score has read it, so an update of
 * the weights between two calls can never see a stale one.
 */
public class FastOutputLayer extends OutputLayer {
    private transient INDArray kept;
    private transient INDArray keptFor;
    /** {@code -Σ labels · log(clip(softmax(z)))} of the batch, before the division by its size, if lossKept. */
    private transient double keptLoss;
    private transient boolean lossKept;
    private transient INDArray keptLabels;
    private transient float[] zRows;
    private transient float[] yRows;
    private transient double[] expRow;
    private transient INDArray product;
    private transient float[] productRows;
    private transient float[] outRows;
    private transient float[] biasRow;
    private transient float[] deltaRows;
    private transient float[] labelRows;
    private transient float[] biasSums;

    /** Called by {@link FastOutput#instantiate}. */
    public FastOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** ND4J's own losses leave the pre-output they are given unchanged (they copy it first). */
    private boolean lossKeepsPreOutput() {
        return layerConf().getLossFn().getClass().getName().startsWith("org.nd4j.linalg.lossfunctions.impl.");
    }

    /** The training pre-output of the current input: DL4J's, computed once for the gradient and the score. */
    @Override
    protected INDArray preOutput2d(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!training || !lossKeepsPreOutput()) {
            return super.preOutput2d(training, workspaceMgr);
        }
        if (keptFor != null && keptFor == input && !lossKept) {
            return kept;
        }
        INDArray z = super.preOutput2d(true, workspaceMgr);
        if (softmaxCrossEntropy(z)) {
            keptLoss = crossEntropy(z, labels);
            lossKept = true;
            keptLabels = labels;
            keptFor = input;
            return z;
        }
        if (kept == null || !Arrays.equals(kept.shape(), z.shape()) || kept.dataType() != z.dataType()
                || kept.ordering() != z.ordering()) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                kept = Nd4j.createUninitialized(z.dataType(), z.shape(), z.ordering());
            }
        }
        kept.assign(z);
        keptFor = input;
        return z;
    }

    /**
     * Softmax with ND4J's cross-entropy, no class weights, no mask, float pre-output and labels of the same shape,
     * each contiguous: the case whose loss {@link #crossEntropy} sums.
     */
    private boolean softmaxCrossEntropy(INDArray z) {
        return softmaxCrossEntropyConfigured() && labels != null && labels.rank() == 2 && z.rank() == 2 && Arrays.equals(labels.shape(), z.shape())
                && FloatViews.flat(z) && FloatViews.flat(labels) && z.length() <= (1 << 24);
    }

    /**
     * LossMCXENT's score array summed: per row, the softmax of {@code z} in float (as ND4J's op stores it),
     * clipped to {@code [eps, 1 - eps]}, its log times the label, summed in double and negated.
     */
    private double crossEntropy(INDArray z, INDArray y) {
        int n = (int) z.size(0);
        int k = (int) z.size(1);
        int len = n * k;
        if (zRows == null || zRows.length < len) {
            zRows = new float[len];
            yRows = new float[len];
        }
        FloatViews.floats(z).get(0, zRows, 0, len);
        FloatViews.floats(y).get(0, yRows, 0, len);
        // element (r, c) of a contiguous array, in whichever order it is laid out
        long zr = z.stride(0);
        long zc = z.stride(1);
        long yr = y.stride(0);
        long yc = y.stride(1);
        double eps = ((LossMCXENT) layerConf().getLossFn()).getSoftmaxClipEps();
        if (expRow == null || expRow.length < k) {
            expRow = new double[k];
        }
        double sum = 0;
        for (int r = 0; r < n; r++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, zRows[(int) (r * zr + c * zc)]);
            }
            double total = 0;
            for (int c = 0; c < k; c++) {
                expRow[c] = Math.exp(zRows[(int) (r * zr + c * zc)] - max);
                total += expRow[c];
            }
            for (int c = 0; c < k; c++) {
                float label = yRows[(int) (r * yr + c * yc)];
                double p = (float) (expRow[c] / total);
                if (eps > 0) {
                    p = Math.min(Math.max(p, eps), 1 - eps);
                }
                sum += label * Math.log(p);
            }
        }
        return -sum;
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (training && keptFor != null && keptFor == input && keptLabels == labels && lossKept
                && softmaxCrossEntropyConfigured()) {
            // BaseOutputLayer.computeScore with the loss summed by the gradient pass
            double s = keptLoss;
            forget();
            if (conf().isMiniBatch()) {
                s /= getInputMiniBatchSize();
            }
            s += fullNetRegTerm;
            this.score = s;
            return s;
        }
        try {
            return super.computeScore(fullNetRegTerm, training, workspaceMgr);
        } finally {
            forget();
        }
    }

    @Override
    public void setInput(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        forget();
        super.setInput(input, workspaceMgr);
    }

    @Override
    public void clearNoiseWeightParams() {
        forget();
        super.clearNoiseWeightParams();
    }

    /**
     * Whether {@link #preOutputWithPreNorm} and {@link #backpropGradient} may call {@code cblas_sgemm} directly: float
     * parameters and a C-order float input of the layer's width, no dropout, weight noise or mask. Otherwise
     * DL4J's code runs.
     */
    private boolean direct() {
        return dataType == DataType.FLOAT && input != null && input.rank() == 2 && input.ordering() == 'c'
                && FloatViews.flat(input) && input.size(1) == layerConf().getNIn() && input.size(0) > 0
                && input.size(0) * layerConf().getNOut() <= (1 << 24) && maskArray == null
                && layerConf().getIDropout() == null && layerConf().getWeightNoise() == null;
    }

    /**
     * {@code x·W + b} with the values DL4J computes, bit for bit: the product as one {@code cblas_sgemm} call into
     * an F-order array (the call ND4J's {@code mmuli} makes, whose result it copies into DL4J's C-order
     * pre-output), then one Java pass that copies it into a C-order activation and adds the bias, one float addition
     * per element as ND4J's broadcast does. Why: {@code mmuli} prepares each call and the broadcast is a native op of
     * its own, fixed costs that a small output layer's product does not cover ({@code RowMajorGemm});
     * {@code FastOutputTest} checks outputs, losses and gradients against DL4J's layer bit for bit.
     */
    @Override
    protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop,
                                                            LayerWorkspaceMgr workspaceMgr) {
        if (!direct()) {
            return super.preOutputWithPreNorm(training, forBackprop, workspaceMgr);
        }
        assertInputSet(forBackprop);
        INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
        int n = (int) input.size(0);
        int m = (int) w.size(1);
        if (product == null || product.size(0) != n || product.size(1) != m) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                product = Nd4j.createUninitialized(DataType.FLOAT, new long[] {n, m}, 'f');
            }
            productRows = new float[n * m];
            outRows = new float[n * m];
            biasRow = new float[m];
        }
        RowMajorGemm.product(input, false, w, false, product, 0.0);
        INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, new long[] {n, m}, 'c');
        FloatViews.floats(product).get(0, productRows, 0, n * m);
        boolean bias = hasBias();
        if (bias) {
            INDArray b = getParam(DefaultParamInitializer.BIAS_KEY);
            FloatViews.floats(b).get(0, biasRow, 0, m);
        }
        float[] out = outRows;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < m; c++) {
                float v = productRows[c * n + r];
                out[r * m + c] = bias ? v + biasRow[c] : v;
            }
        }
        FloatViews.floats(z).put(0, out, 0, n * m);
        return new Pair<>(z, z);
    }

    /**
     * DL4J's backward pass ({@code BaseOutputLayer.backpropGradient} and its {@code getGradientsAndDelta}) with the
     * weight gradient and the input gradient as direct {@code cblas_sgemm} calls, which give ND4J's values bit for
     * bit at these layouts ({@code FastOutputTest}); the loss's gradient and the bias gradient are DL4J's values, for
     * softmax cross-entropy computed with one native op instead of the four of DL4J's path (a copy, the softmax,
     * the subtraction, the sum), which a shrunk network's short step feels (bench §4c).
     */
    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!direct() || labels == null) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        INDArray preOut = preOutput2d(true, workspaceMgr);
        INDArray labels2d = getLabels2d(workspaceMgr, ArrayType.BP_WORKING_MEM);
        boolean inJava = softmaxCrossEntropy(preOut) && labels2d == labels && preOut.ordering() == labels.ordering();
        INDArray delta = inJava ? softmaxMinusLabels(preOut, labels)
                : layerConf().getLossFn().computeGradient(labels2d, preOut, layerConf().getActivationFn(), maskArray);
        Gradient gradient = new DefaultGradient();
        INDArray weightGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        RowMajorGemm.product(input, true, delta, false, weightGrad, 0.0);
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGrad);
        if (hasBias()) {
            INDArray biasGrad = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
            if (inJava && delta.ordering() == 'c' && FloatViews.flat(biasGrad)) {
                int k = (int) delta.size(1);
                biasSums = columnSums(deltaRows, (int) delta.size(0), k, biasSums);
                FloatViews.floats(biasGrad).put(0, biasSums, 0, k);
            } else {
                delta.sum(biasGrad, 0);
            }
            gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGrad);
        }
        delta = workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, delta);
        INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
        INDArray epsNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
                new long[] {delta.size(0), w.size(0)}, 'c');
        RowMajorGemm.product(delta, false, w, true, epsNext, 0.0);
        return new Pair<>(gradient, epsNext);
    }

    /**
     * {@code LossMCXENT.computeGradient} for softmax without weights or mask, with one native operation instead of
     * three: ND4J's softmax op writes straight into the new array (DL4J copies the pre-output and runs the op in
     * place), and the label subtraction is a Java pass (one IEEE float subtraction per element, as ND4J's op does).
     * The gradient's elements stay in {@link #deltaRows} for the bias sum. {@code z} and {@code y} are flat, of the
     * same shape and order ({@link #softmaxCrossEntropy}).
     */
    private INDArray softmaxMinusLabels(INDArray z, INDArray y) {
        INDArray p = z.ulike();
        Nd4j.getExecutioner().exec(new SoftMax(z, p));
        int len = (int) z.length();
        if (deltaRows == null || deltaRows.length < len) {
            deltaRows = new float[len];
            labelRows = new float[len];
        }
        FloatViews.floats(p).get(0, deltaRows, 0, len);
        FloatViews.floats(y).get(0, labelRows, 0, len);
        for (int i = 0; i < len; i++) {
            deltaRows[i] -= labelRows[i];
        }
        FloatViews.floats(p).put(0, deltaRows, 0, len);
        return p;
    }

    /**
     * The column sums of a C-order {@code n × k} float matrix, each column added up in row order from 0 in float:
     * the order libnd4j's one-thread dimension-0 sum adds in, so the bias gradient is ND4J's bit for bit
     * ({@code FastOutputTest}), without the sum's native call and its TAD bookkeeping.
     */
    private static float[] columnSums(float[] rows, int n, int k, float[] into) {
        float[] sums = into == null || into.length < k ? new float[k] : into;
        Arrays.fill(sums, 0, k, 0f);
        for (int r = 0; r < n; r++) {
            int base = r * k;
            for (int c = 0; c < k; c++) {
                sums[c] += rows[base + c];
            }
        }
        return sums;
    }

    @Override
    public void clear() {
        super.clear();
        forget();
    }

    /** The configuration part of {@link #softmaxCrossEntropy}, which may have changed since the loss was kept. */
    private boolean softmaxCrossEntropyConfigured() {
        return layerConf().getLossFn() != null && layerConf().getLossFn().getClass() == LossMCXENT.class
                && ((LossMCXENT) layerConf().getLossFn()).getWeights() == null
                && layerConf().getActivationFn() instanceof ActivationSoftmax && maskArray == null;
    }

    private void forget() {
        keptFor = null;
        keptLabels = null;
        lossKept = false;
    }
}
