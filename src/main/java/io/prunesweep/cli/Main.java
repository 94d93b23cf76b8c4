package io.prunesweep.cli;

import io.prunesweep.data.DataException;
import io.prunesweep.model.ModelException;
import io.prunesweep.prune.PruneException;
import io.prunesweep.results.ResultStoreException;
import io.prunesweep.spec.SpecException;
import io.prunesweep.sweep.SweepException;
import io.prunesweep.sweep.Versions;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code prunesweep} command line. Exit codes: 0 success, 2 bad input (spec, data, model, output
 * directory: the message names the file, key or value), 1 failure at run time.
 */
@Command(name = "prunesweep", mixinStandardHelpOptions = true, versionProvider = Main.BuildVersion.class,
        description = "Distributed pruning search on Spark and Deeplearning4j.",
        subcommands = {TrainCommand.class, PruneCommand.class, SweepCommand.class, SensitivityCommand.class,
                InspectCommand.class, BenchCommand.class, ReportCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /**
     * Runs the CLI and exits with its code; as the driver of a YARN cluster-mode application it returns instead
     * (see {@link #exitsTheJvm}).
     */
    public static void main(String[] args) {
        int code = execute(args);
        if (exitsTheJvm(System.getProperties())) {
            System.exit(code);
        }
        if (code != 0) {
            // the ApplicationMaster reports a throwing main as FAILED with this message in YARN's diagnostics
            throw new IllegalStateException("prunesweep exited with code " + code + "; the driver's stderr says why");
        }
    }

    /**
     * Whether {@link #main} ends the JVM with {@code System.exit}: always, so that threads a library left running
     * do not keep a finished command alive, except in a YARN cluster-mode driver (Spark's ApplicationMaster runs
     * main in a thread, with every Spark setting as a system property). There the ApplicationMaster must see main
     * return to report SUCCEEDED: {@code System.exit(0)} makes it report the application FAILED ("Shutdown hook
     * called before final status was reported") and YARN run it again.
     */
    static boolean exitsTheJvm(Properties sys) {
        return !(sys.getProperty("spark.master", "").startsWith("yarn")
                && "cluster".equals(sys.getProperty("spark.submit.deployMode")));
    }

    /** Runs the CLI and returns the exit code (tests call this). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            int code = exitCode(e);
            cmd.getErr().println("prunesweep: error: " + e.getMessage());
            if (code == 1 && System.getenv("PRUNESWEEP_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            return code;
        });
        return cl.execute(args);
    }

    /** {@code --version}: what the build and the classpath say, the same values a result row records. */
    static final class BuildVersion implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Versions v = Versions.current();
            return new String[] {
                "prunesweep " + v.prunesweep(),
                "commit " + v.commit() + switch (v.tree()) {
                    case CLEAN -> "";
                    case MODIFIED -> " (working tree modified)";
                    case UNKNOWN -> " (working tree state unknown)";
                },
                "dl4j " + v.dl4j() + ", nd4j " + v.nd4j() + ", spark " + v.spark() + ", java " + v.java()};
        }
    }

    static int exitCode(Throwable e) {
        if (e instanceof SpecException s) {
            return s.exitCode();
        }
        if (e instanceof SweepException s) {
            return s.exitCode();
        }
        if (e instanceof ResultStoreException s) {
            return s.exitCode();
        }
        if (e instanceof DataException || e instanceof ModelException || e instanceof PruneException) {
            return 2;
        }
        return 1;
    }
}
