package io.prunesweep.perf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the method samples of a JFR recording as shares, because {@code jfr print} lists raw stacks
 * and JDK 17's {@code jfr} has no aggregated view. Java samples ({@code jdk.ExecutionSample}) and native
 * samples ({@code jdk.NativeMethodSample}) are counted together when both were taken at the same period
 * (jobs/profile-finetune.sh sets 10 ms for both), so the shares are shares of the sampled thread's time.
 *
 * <p>Run as a single source file with the JDK only:
 * {@code java src/test/java/io/prunesweep/perf/JfrTop.java REC.jfr [--within METHOD] [--top N]}.
 * {@code --within} keeps only samples whose stack contains a frame whose "Class.method" contains METHOD.
 *
 * <p>Four tables: the parts of a training step (matrix products, updater, mask, minibatches, loss, bias and
 * activations, the rest), the top frame (where time is spent), the top frame attributed to its nearest caller
 * in DL4J or prunesweep code (who asked for it), and inclusive shares (a method anywhere on the stack).
 */
public final class JfrTop {
    private static final Pattern CALLER = Pattern.compile("^(io\\.prunesweep|org\\.deeplearning4j)\\..*");

    private JfrTop() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: JfrTop REC.jfr [--within METHOD] [--top N]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        String within = null;
        int top = 25;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--within" -> within = args[++i];
                case "--top" -> top = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("JfrTop: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> attributed = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> groups = new HashMap<>();
        int java = 0;
        int nativeSamples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            boolean isNative = type.equals("jdk.NativeMethodSample");
            if (!isNative && !type.equals("jdk.ExecutionSample")) {
                continue;
            }
            if (e.getStackTrace() == null || e.getStackTrace().getFrames().isEmpty()) {
                continue;
            }
            List<String> frames = new ArrayList<>();
            for (RecordedFrame f : e.getStackTrace().getFrames()) {
                frames.add(name(f.getMethod()));
            }
            if (within != null && frames.stream().noneMatch(withinFilter(within))) {
                continue;
            }
            if (isNative) {
                nativeSamples++;
            } else {
                java++;
            }
            String head = (isNative ? "[native] " : "") + frames.get(0);
            self.merge(head, 1, Integer::sum);
            String caller = frames.stream().skip(1).filter(s -> CALLER.matcher(s).matches()).findFirst().orElse("-");
            attributed.merge(head + "  <-  " + caller, 1, Integer::sum);
            groups.merge(group(frames), 1, Integer::sum);
            Set<String> seen = new HashSet<>(frames);
            seen.forEach(s -> inclusive.merge(s, 1, Integer::sum));
        }
        int total = java + nativeSamples;
        System.out.printf("%s%s: %d samples (%d Java, %d native)%n", file.getFileName(),
                within == null ? "" : " within " + within, total, java, nativeSamples);
        print("training step parts (first group named from the top of the stack down)", groups, total, top);
        print("top frame", self, total, top);
        print("top frame <- nearest DL4J/prunesweep caller", attributed, total, top);
        print("inclusive (method anywhere on the stack)", inclusive, total, top);
    }

    /**
     * The part of a training step a sample belongs to: walking from the top frame down, the first frame that
     * names one of the parts decides, so an allocation inside a matrix product counts as the product and a
     * product inside the updater (there is none) would count as the updater.
     */
    private static String group(List<String> frames) {
        for (String f : frames) {
            for (String[] g : GROUPS) {
                if (f.matches(g[1])) {
                    return g[0];
                }
            }
        }
        return "other (DL4J bookkeeping, allocation, shape info, JIT, GC)";
    }

    private static final String[][] GROUPS = {
        {"matrix products (forward, recomputed forward, input and weight gradients)",
            ".*(BaseLevel3\\.gemm|Nd4j\\.gemm|BaseNDArray\\.mmuli?|cblas_[sd]gemm)$"},
        {"updater (Adam, division by the minibatch size)", ".*(\\.updater\\.|\\.learning\\.|FastAdamUpdater).*"},
        {"parameter step (params -= update)", ".*NegativeGradientStepFunction\\.step$"},
        {"mask enforcement", ".*(MaskEnforcer|FlatMask)\\..*"},
        {"minibatches (iterator, copies)", ".*(LabeledDataIterator|LabeledData|DataSet)\\..*"},
        {"loss and output layer", ".*(BaseOutputLayer|FastOutputLayer|\\.lossfunctions\\.).*"},
        {"bias, activations and their gradients", ".*(addiRowVector|\\.activations\\.|BaseNDArray\\.sum|FastDenseLayer\\.(activate|backpropGradient|reluBackward)$).*"},
    };

    private static java.util.function.Predicate<String> withinFilter(String within) {
        return s -> s.contains(within);
    }

    private static String name(RecordedMethod m) {
        return m.getType().getName() + "." + m.getName();
    }

    private static void print(String title, Map<String, Integer> counts, int total, int top) {
        System.out.println();
        System.out.println("== " + title);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(top)
                .forEach(en -> System.out.printf("%6.1f%%  %6d  %s%n", 100.0 * en.getValue() / Math.max(1, total),
                        en.getValue(), en.getKey()));
    }
}
