package io.prunesweep.perf;

import io.prunesweep.data.LabeledData;
import io.prunesweep.model.InputSpec;
import io.prunesweep.model.ModelZoo;
import io.prunesweep.model.Net;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minimal reproduction behind the parallel-efficiency miss (bench/NOTES.md): how much slower one training process
 * runs while a second, identical one runs beside it on the other core. Each child JVM trains the zoo MLP
 * (LeNet-300-100, Adam, batch 128, one native thread) on 12,800 random examples, after three untimed epochs, and
 * prints its milliseconds per step; the parent runs one child alone, then two at once (both start timing at the
 * same wall-clock second), several rounds, and prints the medians. No Spark, no shared JVM: if two processes slow
 * each other down, local[2] cannot reach half of local[1]'s time on this machine for this work, whatever Spark does.
 * The benchmark's own machine limit (two processes of a one-thread {@code cblas_sgemm} loop) is compute-bound and
 * cache-resident, which the training step, with its element-wise passes over parameters, gradients and Adam state,
 * is not.
 *
 * <p>Run after {@code mvn -B -q -DskipTests package test-compile}:
 * {@code java -cp "target/classes:target/test-classes:target/lib/*" io.prunesweep.perf.TwoProcessTraining [rounds [dl4j]]};
 * with {@code dl4j} the children train the same network with DL4J's own {@code DenseLayer} and {@code Adam}.
 */
public final class TwoProcessTraining {
    private static final int STEPS_PER_EPOCH = 100;

    private TwoProcessTraining() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("child")) {
            child(Long.parseLong(args[1]), Boolean.parseBoolean(args[2]));
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        boolean dl4jLayers = args.length > 1 && args[1].equals("dl4j");
        double[] alone = new double[rounds];
        double[] pair = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            alone[r] = run(1, dl4jLayers)[0];
            double[] two = run(2, dl4jLayers);
            pair[r] = (two[0] + two[1]) / 2;
            System.out.printf(Locale.ROOT, "round %d: alone %.3f ms/step, two at once %.3f and %.3f ms/step%n", r + 1,
                    alone[r], two[0], two[1]);
        }
        double a = median(alone);
        double p = median(pair);
        System.out.printf(Locale.ROOT, "medians: alone %.3f ms/step, beside a second process %.3f ms/step: %.2fx slower;"
                + " two processes do %.2fx the work of one, so local[2]/local[1] cannot go below about %.3f%n",
                a, p, p / a, 2 * a / p, p / (2 * a));
    }

    /** Starts {@code n} children that begin timing at the same wall-clock second; returns their ms per step. */
    private static double[] run(int n, boolean dl4jLayers) throws IOException, InterruptedException {
        long start = System.currentTimeMillis() / 1000 + 15;
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> cmd = new ArrayList<>(List.of(javaLauncher()));
            // the JavaCPP settings this JVM was started with (conf/jvm.options), so the children allocate alike
            java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> a.startsWith("-Dorg.bytedeco.")).forEach(cmd::add);
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), TwoProcessTraining.class.getName(),
                    "child", Long.toString(start), Boolean.toString(dl4jLayers)));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("OMP_NUM_THREADS", "1");
            pb.redirectErrorStream(true);
            ps.add(pb.start());
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            String last = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(ps.get(i).getInputStream()))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("ms/step ")) {
                        last = line;
                    }
                }
            }
            if (ps.get(i).waitFor() != 0 || last == null) {
                throw new IllegalStateException("child " + i + " failed");
            }
            out[i] = Double.parseDouble(last.substring("ms/step ".length()));
        }
        return out;
    }

    /** {@code n} examples of 784 uniform features and uniform labels of 10 classes, seed 1: shapes, not content. */
    static LabeledData randomData(int n) {
        float[] features = new float[n * 784];
        int[] labels = new int[n];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) random.nextDouble();
        }
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(10);
        }
        return new LabeledData("random", features, labels, 784, 10, null);
    }

    private static void child(long startSecond, boolean dl4jLayers) throws InterruptedException {
        openblas_nolapack.blas_set_num_threads(1);
        Nd4j.getEnvironment().setMaxThreads(1);
        LabeledData data = randomData(128 * STEPS_PER_EPOCH);
        MultiLayerNetwork net = ModelZoo.build("mlp", InputSpec.flat(784), 10, 1, 0.001);
        if (dl4jLayers) {
            net = DenseStepRepro.withDl4jLayers(net);
        }
        for (int e = 0; e < 3; e++) {
            Net.of(net).fit(data.fitIterator(128, true, e));
        }
        while (System.currentTimeMillis() < startSecond * 1000) {
            Thread.sleep(5);
        }
        int epochs = 8;
        long t0 = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            Net.of(net).fit(data.fitIterator(128, true, 10 + e));
        }
        System.out.printf(Locale.ROOT, "ms/step %.4f%n", (System.nanoTime() - t0) / 1e6 / (epochs * STEPS_PER_EPOCH));
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The java launcher of this JVM. */
    private static String javaLauncher() {
        return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
