package dev.pier.analyze.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.analyze.profile.BehaviourProfile.Connection;
import dev.pier.image.PierException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file format: written and read back, checked on reading, and what enforcing it means. */
class BehaviourProfileTest {
    static final String DIGEST = "sha256:" + "ab".repeat(32);

    @TempDir
    Path tmp;

    static BehaviourProfile sample(List<String> written, List<String> executables) {
        return new BehaviourProfile(BehaviourProfile.VERSION, new BehaviourProfile.RecordedImage("app:1", DIGEST), List.of("sh", "-c", "x"),
                0, executables, new BehaviourProfile.FileUse(List.of("/etc/passwd"), written),
                List.of(new Connection("inet", "10.0.0.53", 53, "udp"), new Connection("unix", "/run/x.sock", 0, "stream")),
                new BehaviourProfile.Ids(List.of(0L, 1000L), List.of(0L)), new TreeMap<>(Map.of("CAP_SETUID", "setuid")),
                new BehaviourProfile.Syscalls(List.of("openat", "read", "setuid", "write"), List.of("clone3"), List.of("futex")));
    }

    @Test
    void writtenAndReadBackUnchanged() throws Exception {
        BehaviourProfile p = sample(List.of("/tmp/out"), List.of("/bin/sh"));
        Path file = tmp.resolve("p.json");
        p.write(file);
        assertThat(BehaviourProfile.read(file)).isEqualTo(p);
        assertThat(Files.list(tmp)).as("no temporary file left").containsExactly(file);
    }

    @Test
    void badFilesAreOneLineErrorsNamingTheFile() throws Exception {
        Path file = tmp.resolve("bad.json");
        String good = dev.pier.image.spec.Json.pretty(sample(List.of(), List.of()));
        assertRefused(file, "{not json", "profile " + file + ": malformed JSON");
        assertRefused(file, good.replace("\"version\" : 1", "\"version\" : 7"), "version 7 is not supported");
        assertRefused(file, good.replace(DIGEST, "sha256:nope"), "no valid image digest");
        assertRefused(file, good.replace("CAP_SETUID", "CAP_FLY"), "unknown capability CAP_FLY");
        assertRefused(file, good.replace("\"openat\"", "\"open at\""), "invalid system call name open at");
        assertRefused(file, good.replace("/etc/passwd", "/etc/../root/x"), "invalid path /etc/../root/x");
        assertRefused(file, good.replace("\"port\" : 53", "\"port\" : 70000"), "invalid network connection");
        assertThatThrownBy(() -> BehaviourProfile.read(tmp.resolve("missing.json"))).isInstanceOf(PierException.class)
                .hasMessage("profile " + tmp.resolve("missing.json") + ": no such file");
    }

    private static void assertRefused(Path file, String content, String message) throws Exception {
        Files.writeString(file, content);
        assertThatThrownBy(() -> BehaviourProfile.read(file)).isInstanceOf(PierException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void enforcementAllowsTheRecordedCallsCapabilitiesWritableDirectoriesAndInternetPeers() {
        ProfileEnforcement e = ProfileEnforcement.of(sample(List.of("/tmp/out", "/opt/app/state", "/dev/null"), List.of("/opt/app/run")),
                List.of("SCMP_ARCH_X86_64"));
        assertThat(e.seccomp().allowed()).contains("openat", "setuid", "futex", "execve", "exit_group").doesNotContain("clone3", "mknodat");
        assertThat(e.seccomp().defaultErrnoRet()).isEqualTo(1);
        assertThat(e.capabilities()).containsExactly("CAP_SETUID");
        assertThat(e.readOnlyRoot()).isTrue();
        assertThat(e.tmpfs()).containsExactly("/opt/app:tmpcopyup,exec", "/tmp:tmpcopyup");
        assertThat(e.egress()).containsExactly(new Connection("inet", "10.0.0.53", 53, "udp"));
        assertThat(ProfileEnforcement.of(sample(List.of("/out"), List.of()), List.of()).readOnlyRoot()).isFalse();
    }

    @Test
    void aProfileOfAnotherImageIsRefusedUnlessForced() {
        BehaviourProfile p = sample(List.of(), List.of());
        String other = "sha256:" + "cd".repeat(32);
        assertThatThrownBy(() -> ProfileEnforcement.checkImage(p, Path.of("p.json"), other, false)).isInstanceOf(PierException.class)
                .hasMessageContaining("was recorded from image " + DIGEST + " (app:1), not " + other).hasMessageContaining("--force-profile");
        ProfileEnforcement.checkImage(p, Path.of("p.json"), other, true);
        ProfileEnforcement.checkImage(p, Path.of("p.json"), DIGEST, false);
    }
}
