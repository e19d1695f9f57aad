package dev.pier.cli;

import dev.pier.image.testing.Exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's launcher ({@code ./pier}) and its JDK detection ({@code scripts/jdk.sh}), run
 * against fake JDKs and a fake {@code mvnw} in a scratch copy of the repository. (They live here
 * until the cli module, which owns pier.jar, exists.)
 */
class LauncherTest {

    @TempDir
    Path tmp;

    Path repo;
    Path jvms;
    Path jar;

    @BeforeEach
    void setUp() throws IOException {
        Path root = repositoryRoot();
        repo = Files.createDirectories(tmp.resolve("repo"));
        Files.createDirectories(repo.resolve("scripts"));
        Files.copy(root.resolve("pier"), repo.resolve("pier"));
        Files.copy(root.resolve("pier-runc"), repo.resolve("pier-runc"));
        Files.copy(root.resolve("scripts/jdk.sh"), repo.resolve("scripts/jdk.sh"));
        executable(repo.resolve("mvnw"), """
                #!/bin/sh
                echo "mvnw $*" >> mvnw.log
                case " $* " in *" -o "*) if [ -n "$FAIL_OFFLINE" ]; then echo offline failed; exit 1; fi ;; esac
                if [ -n "$FAIL" ]; then echo "BUILD BROKE"; echo "details" >&2; exit 1; fi
                mkdir -p cli/target && echo jar > cli/target/pier.jar
                """);
        Files.writeString(repo.resolve("pom.xml"), "<project/>");
        Files.createDirectories(repo.resolve("image/src/main/java"));
        Files.writeString(repo.resolve("image/src/main/java/A.java"), "class A {}");
        jar = repo.resolve("cli/target/pier.jar");

        jvms = Files.createDirectories(tmp.resolve("jvm"));
        fakeJdk("a-17", "JAVA_VERSION=\"17.0.2\"", null);
        fakeJdk("b-25", "JAVA_VERSION=\"25\"", null);
        fakeJdk("c-26", null, "openjdk version \"26-ea\" 2026-03-17");
        fakeJdk("d-8", "JAVA_VERSION=\"1.8.0_392\"", null);
        Files.createDirectories(jvms.resolve("not-a-jdk/bin"));
    }

    @Test
    void javaMajorFromReleaseFileOrJavaVersion() {
        assertThat(jdk("pier_java_major " + jvms.resolve("a-17")).check().stdout()).isEqualTo("17\n");
        assertThat(jdk("pier_java_major " + jvms.resolve("b-25")).check().stdout()).isEqualTo("25\n");
        assertThat(jdk("pier_java_major " + jvms.resolve("c-26")).check().stdout()).isEqualTo("26\n");
        assertThat(jdk("pier_java_major " + jvms.resolve("d-8")).check().stdout()).isEqualTo("8\n");
        assertThat(jdk("pier_java_major " + jvms.resolve("not-a-jdk")).run().exitCode()).isEqualTo(1);
    }

    @Test
    void javaHomeWinsWhenItIs25OrNewer() {
        assertThat(jdk("pier_java_home").env("JAVA_HOME", jvms.resolve("b-25").toString()).check().stdout())
                .isEqualTo(jvms.resolve("b-25") + "\n");
    }

    @Test
    void otherwiseTheNewestJdkIsChosen() {
        assertThat(jdk("pier_java_home").env("JAVA_HOME", jvms.resolve("a-17").toString()).check().stdout())
                .isEqualTo(jvms.resolve("c-26") + "\n");
        assertThat(jdk("pier_java_home").env("JAVA_HOME", null).check().stdout())
                .isEqualTo(jvms.resolve("c-26") + "\n");
    }

    @Test
    void noJdk25IsAnError() throws IOException {
        Path old = Files.createDirectories(tmp.resolve("old"));
        Files.move(jvms.resolve("a-17"), old.resolve("a-17"));
        Exec.Result r = jdk("pier_java_home").env("JAVA_HOME", null).env("PIER_JVM_DIR", old.toString()).run();
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).isEqualTo("pier: needs JDK 25 or newer; set JAVA_HOME\n");

        Exec.Result launcher = pier().env("JAVA_HOME", old.resolve("a-17").toString()).env("PIER_JVM_DIR", old.toString()).run();
        assertThat(launcher.exitCode()).isEqualTo(125);
        assertThat(launcher.stderr()).isEqualTo("pier: needs JDK 25 or newer; set JAVA_HOME\n");
        assertThat(launcher.stdout()).isEmpty();
    }

    @Test
    void buildsOnceThenRunsTheJarThroughASymlinkFromAnyDirectory() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path link = Files.createSymbolicLink(bin.resolve("pier"), repo.resolve("pier"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));

        Exec.Result first = Exec.of(link, "images", "--format", "json").in(elsewhere).env("JAVA_HOME", jvms.resolve("b-25").toString())
                .env("PIER_JAVA_OPTS", null).check();
        assertThat(first.stdout()).isEqualTo("java --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=4"
                + " -XX:-UsePerfData -Djdk.reflect.useNativeAccessorOnly=true -XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining -Xlog:disable -Xlog:all=error:stderr -cp " + jar + " dev.pier.cli.Pier images --format json\n");
        assertThat(first.stderr()).isEmpty();
        assertThat(mvnwCalls()).containsExactly("mvnw -q -o -DskipTests package");

        Exec.of(link, "version").in(elsewhere).env("JAVA_HOME", jvms.resolve("b-25").toString()).check();
        assertThat(mvnwCalls()).hasSize(1);
    }

    @Test
    void rebuildsWhenASourceOrAPomIsNewerThanTheJar() throws IOException {
        pier().check();
        assertThat(mvnwCalls()).hasSize(1);

        Instant now = Instant.now();
        setTimes(now.minus(2, ChronoUnit.HOURS), jar);
        setTimes(now.minus(3, ChronoUnit.HOURS), repo.resolve("pom.xml"), repo.resolve("image/src/main/java/A.java"));
        Path generated = repo.resolve("image/target/generated-sources/src/B.java");
        Files.createDirectories(generated.getParent());
        Files.writeString(generated, "class B {}");
        Files.writeString(repo.resolve("README.md"), "not a source");
        pier().check();
        assertThat(mvnwCalls()).as("target/ and files outside src/ do not count").hasSize(1);

        setTimes(now.minus(1, ChronoUnit.HOURS), repo.resolve("image/src/main/java/A.java"));
        pier().check();
        assertThat(mvnwCalls()).hasSize(2);
        pier().check();
        assertThat(mvnwCalls()).as("the rebuilt jar is newer than the sources").hasSize(2);

        setTimes(now.minus(2, ChronoUnit.HOURS), jar);
        setTimes(now.minus(1, ChronoUnit.HOURS), repo.resolve("pom.xml"));
        pier().check();
        assertThat(mvnwCalls()).hasSize(3);
    }

    @Test
    void fallsBackToAnOnlineBuild() throws IOException {
        Exec.Result r = pier().env("FAIL_OFFLINE", "1").check();
        assertThat(r.stderr()).isEmpty();
        assertThat(mvnwCalls()).containsExactly("mvnw -q -o -DskipTests package", "mvnw -q -DskipTests package");
    }

    @Test
    void aFailedBuildShowsItsOutput() {
        Exec.Result r = pier().env("FAIL", "1").run();
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).contains("BUILD BROKE", "details", "pier: building cli/target/pier.jar failed");
        assertThat(Files.exists(jar)).isFalse();
    }

    @Test
    void javaOptionsAreAdded() {
        Exec.Result r = pier("run", "x y").env("PIER_JAVA_OPTS", " -Xmx1g  -Dpier.debug=true ").check();
        assertThat(r.stdout()).isEqualTo("java --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=4"
                + " -XX:-UsePerfData -Djdk.reflect.useNativeAccessorOnly=true -XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining -Xlog:disable -Xlog:all=error:stderr -Xmx1g -Dpier.debug=true -cp " + jar + " dev.pier.cli.Pier run x y\n");
    }

    @Test
    void trainsTheAotCacheOncePerJarAlsoWhenTheJarWasBuiltElsewhere() throws IOException {
        Path log = tmp.resolve("train.log");
        Path aot = repo.resolve("cli/target/pier.aot");
        pier().env("TRAIN_OK", "1").env("TRAIN_LOG", log.toString()).check();
        Exec.Result second = pier().env("TRAIN_OK", "1").env("TRAIN_LOG", log.toString()).check();
        assertThat(Files.readAllLines(log)).hasSize(1);
        assertThat(second.stdout()).contains(" -XX:AOTCache=" + aot + " ");

        setTimes(Instant.now().minus(1, ChronoUnit.HOURS), aot);   // `./mvnw package` made a newer jar since
        Exec.Result third = pier().env("TRAIN_OK", "1").env("TRAIN_LOG", log.toString()).check();
        assertThat(Files.readAllLines(log)).hasSize(2);
        assertThat(mvnwCalls()).hasSize(1);
        assertThat(third.stdout()).contains(" -XX:AOTCache=" + aot + " ");
    }

    @Test
    void aFailedTrainingIsNotRetriedUntilTheJarChanges() throws IOException {
        Path log = tmp.resolve("train.log");
        pier().env("TRAIN_LOG", log.toString()).check();
        Exec.Result second = pier().env("TRAIN_LOG", log.toString()).check();
        assertThat(Files.readAllLines(log)).hasSize(1);
        assertThat(second.stdout()).doesNotContain("AOTCache");

        setTimes(Instant.now().minus(1, ChronoUnit.HOURS), repo.resolve("cli/target/pier.aot.failed"));
        pier().env("TRAIN_LOG", log.toString()).check();
        assertThat(Files.readAllLines(log)).hasSize(2);
    }

    @Test
    void containersAndTransfersHaveCachesOfTheirOwn() throws IOException {
        Path log = tmp.resolve("train.log");
        Exec.Result run = pier("--root", "/x", "run", "--rm", "img").env("TRAIN_OK", "1").env("TRAIN_LOG", log.toString()).check();
        Exec.Result ps = pier("ps", "-a").env("TRAIN_OK", "1").env("TRAIN_LOG", log.toString()).check();
        Exec.Result pull = pier("--debug", "pull", "docker://r/x").env("TRAIN_OK", "1").env("TRAIN_LOG", log.toString()).check();
        Exec.Result history = pier("--root", "run", "history", "x").env("TRAIN_OK", "1").env("TRAIN_LOG", log.toString()).check();
        assertThat(Files.readAllLines(log)).as("one training per cache, each with its workload")
                .containsExactly("train run", "train copy", "train all");
        Path runCache = repo.resolve("cli/target/pier-run.aot");
        assertThat(run.stdout()).contains(" -XX:AOTCache=" + runCache + " ");
        assertThat(ps.stdout()).contains(" -XX:AOTCache=" + runCache + " ");
        assertThat(pull.stdout()).contains(" -XX:AOTCache=" + repo.resolve("cli/target/pier-copy.aot") + " ");
        assertThat(history.stdout()).as("a store named run is not the command")
                .contains(" -XX:AOTCache=" + repo.resolve("cli/target/pier.aot") + " ");
    }

    @Test
    void pierRuncGivesTheCommandsEnginesSendTheirOwnCacheAndTheInitJvmTheFullOne() throws IOException {
        Path log = tmp.resolve("train.log");
        pier().check();   // builds the (fake) jar
        Exec.Result create = pierRunc("--root", "/run/x", "--log", "/l", "--log-format", "json", "--systemd-cgroup",
                "create", "--bundle", "/b", "id").env("TRAIN_OK", "1").env("TRAIN_LOG", log.toString()).check();
        Exec.Result list = pierRunc("--root", "run", "list").env("TRAIN_OK", "1").env("TRAIN_LOG", log.toString()).check();
        assertThat(Files.readAllLines(log)).as("each cache trained once, with its workload").containsExactly("train all", "train run");
        Path full = repo.resolve("cli/target/pier-runc.aot");
        assertThat(create.stdout()).contains(" -XX:AOTCache=" + repo.resolve("cli/target/pier-runc-run.aot") + " ",
                " -Dpier.init.aot=" + full + " ").endsWith(" create --bundle /b id\n");
        assertThat(list.stdout()).as("a state root named run is not the command").contains(" -XX:AOTCache=" + full + " ");
    }

    @Test
    void aRegistryGetsItsMemoryFlags() throws IOException {
        pier().check(); // builds the (fake) jar
        Path aot = Files.writeString(repo.resolve("cli/target/pier.aot"), "cache");
        setTimes(Instant.now().plus(1, ChronoUnit.MINUTES), aot);
        assertThat(pier("history", "x").check().stdout()).contains("-XX:AOTCache=" + aot).doesNotContain("-Xmx");
        assertThat(pier("tag", "registry", "x").check().stdout())
                .as("registry as an argument, not the command").contains("-XX:AOTCache=").doesNotContain("-Xmx");
        for (String[] args : List.of(new String[] {"registry", "serve"}, new String[] {"--root", "/x/y", "registry", "gc"})) {
            String line = pier(args).env("PIER_JAVA_OPTS", "-Xmx1g").check().stdout();
            assertThat(line).contains(" -Xms32m -Xmx128m -Xmn16m ", " -XX:TrimNativeHeapInterval=1000 ", "-XX:AOTCache=" + aot);
            assertThat(line.indexOf(" -XX:+AOTReplayTraining ")).as("a server replays the training's profiles").isGreaterThan(line.indexOf("-XX:-AOTReplayTraining"));
            assertThat(line.indexOf("-Xmx1g")).as("PIER_JAVA_OPTS come after, so they win").isGreaterThan(line.indexOf("-Xmx128m"));
        }
    }

    private Exec pier(String... args) {
        return Exec.of(repo.resolve("pier"), args).in(tmp)
                .env("JAVA_HOME", jvms.resolve("b-25").toString())
                .env("PIER_JVM_DIR", jvms.toString())
                .env("PIER_JAVA_OPTS", null);
    }

    private Exec pierRunc(String... args) {
        return Exec.of(repo.resolve("pier-runc"), args).in(tmp)
                .env("JAVA_HOME", jvms.resolve("b-25").toString())
                .env("PIER_JVM_DIR", jvms.toString())
                .env("PIER_RUNC_JAVA_OPTS", null);
    }

    private Exec jdk(String script) {
        return Exec.of("bash", "-c", "set -euo pipefail; . scripts/jdk.sh; " + script).in(repo)
                .env("PIER_JVM_DIR", jvms.toString());
    }

    private List<String> mvnwCalls() throws IOException {
        Path log = repo.resolve("mvnw.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private void fakeJdk(String name, String release, String versionLine) throws IOException {
        Path home = Files.createDirectories(jvms.resolve(name).resolve("bin"));
        if (release != null) {
            Files.writeString(home.getParent().resolve("release"), "IMPLEMENTOR=\"x\"\n" + release + "\n");
        }
        // the fake java prints its version (for detection) or its arguments (for the launcher)
        executable(home.resolve("java"), """
                #!/bin/sh
                if [ "$1" = "-version" ]; then echo '%s' >&2; exit 0; fi
                case "$*" in *-XX:AOTCacheOutput=*)
                  for a in "$@"; do workload=$a; done
                  echo "train $workload" >> "${TRAIN_LOG:-/dev/null}"
                  out=$(echo "$*" | sed 's/.*-XX:AOTCacheOutput=\\([^ ]*\\).*/\\1/')
                  if [ -n "$TRAIN_OK" ]; then echo cache > "$out"; fi
                  exit 0 ;;
                esac
                echo "java $*"
                """.formatted(versionLine == null ? "unused" : versionLine));
    }

    private static void executable(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void setTimes(Instant t, Path... files) throws IOException {
        for (Path f : files) {
            Files.setLastModifiedTime(f, FileTime.from(t));
        }
    }

    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pier")) && Files.isRegularFile(p.resolve("scripts/jdk.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException("no ./pier above " + Path.of("").toAbsolutePath());
    }
}
