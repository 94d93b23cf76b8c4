package io.prunesweep.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code prunesweep} in a JVM of its own, as a user's command would run, timing it and sampling its
 * peak resident memory. The child gets this JVM's class path, module flags and one OpenMP thread per
 * process with passive waiting, like the launchers set.
 *
 * @param seconds wall time from start to exit
 * @param peakKb  largest VmHWM seen in {@code /proc/<pid>/status}, sampled every 200 ms
 * @param output  the child's stdout and stderr
 */
public record ChildJvm(double seconds, long peakKb, String output) {

    /**
     * Runs {@code io.prunesweep.cli.Main args…} with heap {@code xmx}; its output goes to {@code logFile}.
     *
     * @throws IllegalStateException when it exits non-zero (the log file is named)
     */
    public static ChildJvm run(String xmx, List<String> args, Path logFile) {
        List<String> cmd = new ArrayList<>(List.of(Workbench.javaBinary(), "-Xmx" + xmx));
        cmd.addAll(jvmFlagsToPass());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.prunesweep.cli.Main"));
        cmd.addAll(args);
        long peakKb = 0;
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile());
            nativeEnv(pb);
            long t0 = System.nanoTime();
            Process proc = pb.start();
            Path status = Path.of("/proc", String.valueOf(proc.pid()), "status");
            while (proc.isAlive()) {
                peakKb = Math.max(peakKb, vmHwmKb(status));
                Thread.sleep(200);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (proc.exitValue() != 0) {
                throw new IllegalStateException("prunesweep " + String.join(" ", args) + " exited with "
                        + proc.exitValue() + "; see " + logFile);
            }
            return new ChildJvm(seconds, peakKb, Files.readString(logFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run prunesweep " + String.join(" ", args), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running prunesweep " + String.join(" ", args), e);
        }
    }

    private static long vmHwmKb(Path status) {
        try {
            for (String l : Files.readAllLines(status)) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended between isAlive and the read: the earlier samples stand
        }
        return 0;
    }

    /**
     * Gives a child JVM the native settings of {@code conf/native-env} (one OpenMP thread, passive waits, one malloc
     * arena) even when this JVM was not started by a launcher that exports them.
     */
    public static ProcessBuilder nativeEnv(ProcessBuilder pb) {
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.environment().put("MALLOC_ARENA_MAX", "1");
        return pb;
    }

    /**
     * The module, reflection and JavaCPP flags this JVM was started with, so the child JVM can run Spark too and
     * allocates native memory the same way.
     */
    private static List<String> jvmFlagsToPass() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
                        || a.startsWith("-Djdk.reflect") || a.startsWith("-Dorg.bytedeco.javacpp."))
                .toList();
    }
}
