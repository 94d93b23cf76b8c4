package io.prunesweep.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The dependency direction of the design, checked on the compiled main classes (so a fully-qualified name
 * in the code counts as much as an import): packages form no cycle; only {@code spark} touches Spark or
 * Scala; reports render results without the sweep machinery; pruning, unit groups, evaluation, models and
 * data know nothing of sweeps or Spark; the value packages hold no deep-learning code; storage stands on the JDK and
 * Hadoop's client alone, so every package may use it.
 */
@AnalyzeClasses(packages = "io.prunesweep", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String[] SPARK = {"org.apache.spark..", "scala.."};
    private static final String[] DEEP_LEARNING = {"org.deeplearning4j..", "org.nd4j.."};

    @ArchTest
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("io.prunesweep.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule ONLY_THE_SPARK_PACKAGE_USES_SPARK = noClasses()
            .that().resideOutsideOfPackage("io.prunesweep.spark..")
            .should().dependOnClassesThat().resideInAnyPackage(SPARK);

    @ArchTest
    static final ArchRule REPORTS_DO_NOT_DEPEND_ON_THE_SWEEP = noClasses()
            .that().resideInAPackage("io.prunesweep.report..")
            .should().dependOnClassesThat().resideInAnyPackage("io.prunesweep.sweep..", "io.prunesweep.spark..");

    @ArchTest
    static final ArchRule PRUNING_EVALUATION_MODELS_AND_DATA_KNOW_NO_SWEEP = noClasses()
            .that().resideInAnyPackage("io.prunesweep.prune..", "io.prunesweep.eval..", "io.prunesweep.model..",
                    "io.prunesweep.data..", "io.prunesweep.graph..")
            .should().dependOnClassesThat().resideInAnyPackage("io.prunesweep.sweep..", "io.prunesweep.spark..");

    @ArchTest
    static final ArchRule SPEC_AND_PARETO_USE_NO_DEEP_LEARNING_LIBRARY = noClasses()
            .that().resideInAnyPackage("io.prunesweep.spec..", "io.prunesweep.pareto..")
            .should().dependOnClassesThat().resideInAnyPackage(DEEP_LEARNING);

    @ArchTest
    static final ArchRule RESULTS_ARE_READABLE_WITHOUT_SWEEP_SPARK_OR_DL4J = noClasses()
            .that().resideInAnyPackage("io.prunesweep.results..", "io.prunesweep.metric..")
            .should().dependOnClassesThat().resideInAnyPackage("io.prunesweep.sweep..", "io.prunesweep.spark..",
                    "io.prunesweep.report..", "io.prunesweep.model..", "org.deeplearning4j..", "org.nd4j..",
                    "org.apache.spark..", "scala..");

    @ArchTest
    static final ArchRule STORAGE_DEPENDS_ON_NO_OTHER_PACKAGE = noClasses()
            .that().resideInAPackage("io.prunesweep.storage..")
            .should().dependOnClassesThat().resideInAnyPackage("io.prunesweep.spec..", "io.prunesweep.pareto..",
                    "io.prunesweep.metric..", "io.prunesweep.results..", "io.prunesweep.data..",
                    "io.prunesweep.model..", "io.prunesweep.prune..", "io.prunesweep.eval..", "io.prunesweep.sweep..",
                    "io.prunesweep.report..", "io.prunesweep.cli..", "io.prunesweep.bench..", "io.prunesweep.spark..",
                    "org.deeplearning4j..", "org.nd4j..", "org.apache.spark..", "scala..");
}
