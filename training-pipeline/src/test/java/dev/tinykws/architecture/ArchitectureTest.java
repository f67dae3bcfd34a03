package dev.tinykws.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.tinykws.architecture.cyclic.a.A;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The arrows of docs/ARCHITECTURE.md, checked on the production classes of every module on this
 * module's class path (feature-extraction with the contract, datasets, host-monitor,
 * training-pipeline): no package cycle, and no forbidden arrow between modules.
 */
class ArchitectureTest {

    static final String CONTRACT = "dev.tinykws.contract..";
    static final String FEATURES = "dev.tinykws.features..";
    static final String DATASETS = "dev.tinykws.dataset..";
    static final String MONITOR = "dev.tinykws.monitor..";
    /** The training-pipeline library: every package but the CLI and the demo. */
    static final String[] TRAINING = {"dev.tinykws.augment..", "dev.tinykws.train..", "dev.tinykws.model..",
            "dev.tinykws.quant..", "dev.tinykws.export..", "dev.tinykws.pkg..", "dev.tinykws.detect..",
            "dev.tinykws.eval.."};
    /** The command-line edges: the root command and the demo (training-pipeline). */
    static final String[] CLI = {"dev.tinykws.cli..", "dev.tinykws.demo.."};

    /** Test classes with a deliberate cycle a <-> b: the rules must report it. */
    static final String CYCLIC = "dev.tinykws.architecture.cyclic";

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.tinykws");
        // a sanity check that every module was found (an empty import would pass every rule)
        for (String p : new String[] {"dev.tinykws.contract", "dev.tinykws.features", "dev.tinykws.dataset",
                "dev.tinykws.monitor", "dev.tinykws.train", "dev.tinykws.cli"}) {
            assertTrue(production.containPackage(p), "no production classes found in " + p);
        }
        assertFalse(production.contain(ArchitectureTest.class), "test classes must not be imported");
    }

    static ArchRule noPackageCycles() {
        return slices().matching("dev.tinykws.(**)").should().beFreeOfCycles();
    }

    @Test
    void noCycleBetweenPackages() {
        noPackageCycles().check(production);
    }

    @Test
    void theContractDependsOnTheJdkOnly() {
        classes().that().resideInAPackage(CONTRACT)
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", CONTRACT)
                .check(production);
    }

    @Test
    void featureExtractionIsTheBottomModule() {
        noClasses().that().resideInAnyPackage(CONTRACT, FEATURES)
                .should().dependOnClassesThat().resideInAnyPackage(concat(new String[] {DATASETS, MONITOR}, TRAINING, CLI))
                .check(production);
    }

    @Test
    void datasetsDependOnFeatureExtractionOnly() {
        noClasses().that().resideInAPackage(DATASETS)
                .should().dependOnClassesThat().resideInAnyPackage(concat(new String[] {MONITOR}, TRAINING, CLI))
                .check(production);
    }

    @Test
    void theHostMonitorNeverDependsOnTrainingOrDatasets() {
        noClasses().that().resideInAPackage(MONITOR)
                .should().dependOnClassesThat().resideInAnyPackage(concat(new String[] {DATASETS}, TRAINING, CLI))
                .check(production);
    }

    @Test
    void noLibraryCodeDependsOnTheCommandLine() {
        noClasses().that().resideInAnyPackage(concat(new String[] {CONTRACT, FEATURES, DATASETS, MONITOR}, TRAINING))
                .should().dependOnClassesThat().resideInAnyPackage(CLI)
                .check(production);
    }

    @Test
    void productionCodeNeverReachesTheGoldenVectorWriters() {
        // the writers and GoldenMain are test scope (the firmware module runs GoldenMain); nothing in
        // production may name them, nor grow a new golden package
        noClasses().should().dependOnClassesThat().resideInAPackage("..golden..")
                .check(production);
        noClasses().should().resideInAPackage("..golden..").check(production);
    }

    @Test
    void theCycleRuleFailsOnACycle() {
        // dev.tinykws.architecture.cyclic.a <-> .b, test classes made for this
        JavaClasses cyclic = new ClassFileImporter().importPackages(CYCLIC);
        assertTrue(cyclic.contain(A.class));
        EvaluationResult r = noPackageCycles().evaluate(cyclic);
        assertTrue(r.hasViolation(), "a <-> b must be reported as a cycle");
    }

    @Test
    void theArrowRulesFailOnAForbiddenArrow() {
        JavaClasses cyclic = new ClassFileImporter().importPackages(CYCLIC);
        EvaluationResult r = noClasses().that().resideInAPackage("..cyclic.a..")
                .should().dependOnClassesThat().resideInAnyPackage("..cyclic.b..").evaluate(cyclic);
        assertTrue(r.hasViolation(), "a -> b must be reported");
    }

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }
}
