package io.prunesweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Versions come from the classpath and the build, never from literals in the code. */
class VersionsTest {

    @TempDir
    Path dir;

    @Test
    void libraryVersionsAreThoseOfTheJarsOnTheClasspath() throws Exception {
        Versions v = Versions.current();
        // Independent of pom.properties: the Maven repository layout puts the version in the jar's file name.
        assertEquals(versionFromJarName(MultiLayerNetwork.class, "deeplearning4j-nn"), v.dl4j());
        assertEquals(versionFromJarName(INDArray.class, "nd4j-api"), v.nd4j());
        assertEquals(versionFromJarName(SparkContext.class, "spark-core_2.12"), v.spark());
        assertEquals(System.getProperty("java.version"), v.java());
    }

    @Test
    void whatIsReportedIsWhatTheClasspathSays() throws IOException {
        write("META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties", "version=9.8.7-test\n");
        write("META-INF/maven/org.nd4j/nd4j-api/pom.properties", "version=6.5.4-test\n");
        write(Versions.BUILD_RESOURCE, "version=3.2.1\ncommit=" + "ab".repeat(20) + "\nmodified=true\n");
        Versions v = Versions.from(isolated());
        assertEquals("9.8.7-test", v.dl4j());
        assertEquals("6.5.4-test", v.nd4j());
        assertEquals(Versions.ABSENT, v.spark());
        assertEquals("3.2.1", v.prunesweep());
        assertEquals("ab".repeat(20), v.commit());
        assertEquals(Versions.Tree.MODIFIED, v.tree());
        assertTrue(v.line().contains(" commit=" + "ab".repeat(20) + "+modified "), v.line());
    }

    @Test
    void withoutTheBuildResourceOrWithUnfilteredPlaceholdersTheCommitIsUnknown() throws IOException {
        Versions none = Versions.from(isolated());
        assertEquals(Versions.UNKNOWN, none.commit());
        assertEquals(Versions.UNKNOWN, none.prunesweep());
        assertEquals(Versions.Tree.UNKNOWN, none.tree());
        write(Versions.BUILD_RESOURCE,
                "version=${project.version}\ncommit=${prunesweep.git.commit}\nmodified=${prunesweep.git.modified}\n");
        Versions raw = Versions.from(isolated());
        assertEquals(Versions.UNKNOWN, raw.commit());
        assertEquals(Versions.UNKNOWN, raw.prunesweep());
    }

    @Test
    void theBuildRecordedTheCommitOfThisCheckout() throws Exception {
        Versions v = Versions.current();
        assertTrue(getClass().getClassLoader().getResource(Versions.BUILD_RESOURCE) != null,
                "the build did not write " + Versions.BUILD_RESOURCE);
        assertTrue(v.line().contains(" commit=" + v.commit()), v.line());
        String head = gitHead();
        if (head != null) {
            // Resources are filtered on every Maven run, so the tests see the commit this build started from.
            assertEquals(head, v.commit());
            assertNotEquals(Versions.Tree.UNKNOWN, v.tree());
        } else {
            assertEquals(Versions.UNKNOWN, v.commit());
        }
    }

    @Test
    void aCommitThatIsNotAFullHashIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Versions("1", "abc123", Versions.Tree.CLEAN, "a", "b", "c", "17"));
        assertTrue(e.getMessage().contains("abc123"), e.getMessage());
    }

    private void write(String resource, String text) throws IOException {
        Path f = dir.resolve(resource);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text, StandardCharsets.UTF_8);
    }

    /** A loader that sees only the temp directory: the real jars cannot answer for it. */
    private URLClassLoader isolated() throws IOException {
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
    }

    private static String versionFromJarName(Class<?> c, String artifact) throws URISyntaxException {
        Path jar = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        String name = jar.getFileName().toString();
        assertTrue(name.startsWith(artifact + "-") && name.endsWith(".jar"), name);
        return name.substring(artifact.length() + 1, name.length() - ".jar".length());
    }

    private static String gitHead() throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
        } catch (IOException noGit) {
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            return null;
        }
        return out;
    }
}
