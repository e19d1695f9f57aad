package dev.pier.analyze.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Lines as strace 6.1 wrote them for a pier-runc container (JVM init, then busybox). */
class TraceReaderTest {
    private static final List<String> LINES = List.of(
            "18843 openat(AT_FDCWD</>, \"/opt/jvm/lib/libjava.so\", O_RDONLY|O_CLOEXEC) = 4</opt/jvm/lib/libjava.so>",
            "18843 seccomp(SECCOMP_SET_MODE_FILTER, 0, {len=149, filter=0x7f6ee8396380}) = 0",
            "18843 futex(0x7f6ef17e18a4, FUTEX_WAKE_PRIVATE, 2147483647) = 0",
            "18843 execve(\"/bin/sh\", [\"/bin/sh\", \"-c\", \"cat /bin/busybox > /dev/null; ec\"...], 0x7f9a881fd9b0 /* 2 vars */ <unfinished ...>",
            "18852 <... futex resumed>)              = ?",
            "18842 <... futex resumed>)              = ?",
            "18842 +++ superseded by execve in pid 18843 +++",
            "18842 <... execve resumed>)             = 0",
            "18842 brk(NULL)                         = 0x3a578000",
            "18842 openat(AT_FDCWD</>, \"/dev/null\", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3</dev/null>",
            "18842 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x3a578690) = 15",
            "18961 execve(\"/proc/self/exe\", [\"cat\", \"/bin/busybox\"], 0x3a57a8e8 /* 4 vars */) = 0",
            "18961 openat(3</usr/lib/x86_64-linux-gnu>, \"libc.so.6\", O_RDONLY <unfinished ...>",
            "18842 wait4(-1,  <unfinished ...>",
            "18961 <... openat resumed>)    = -1 ENOENT (No such file or directory)",
            "18961 newfstatat(AT_FDCWD</work>, \"data/in,put.txt\", {st_mode=S_IFREG|0644, st_size=3, ...}, 0) = 0",
            "18961 openat(AT_FDCWD</>, \"/etc/caf\\303\\251\", O_RDONLY) = 3",
            "18961 clone3({flags=CLONE_VM, exit_signal=0}, 88) = -1 ENOSYS (Function not implemented)",
            "18961 exit_group(0)                     = ?",
            "18961 +++ exited with 0 +++");

    @Test
    void keepsTheCallsFromTheFirstSuccessfulExecveAcrossTheThreadThatExecs() {
        TraceReader.Trace trace = TraceReader.parse(LINES);
        assertThat(trace.calls()).extracting(Syscall::name).containsExactly("execve", "brk", "openat", "clone", "execve", "openat",
                "newfstatat", "openat", "clone3", "exit_group");
        assertThat(trace.calls().getFirst().pid()).isEqualTo(18842);
        assertThat(trace.calls().getFirst().string(0)).contains("/bin/sh");
        assertThat(trace.startup()).containsExactly("futex");
    }

    @Test
    void joinsUnfinishedCallsAndReadsErrnos() {
        Syscall resumed = TraceReader.parse(LINES).calls().get(5);
        assertThat(resumed.name()).isEqualTo("openat");
        assertThat(resumed.succeeded()).isFalse();
        assertThat(resumed.errno()).contains("ENOENT");
        assertThat(resumed.fdPath(0)).contains("/usr/lib/x86_64-linux-gnu");
    }

    @Test
    void pathsBecomeAbsoluteThroughTheDescriptorsDirectory() {
        List<FileAccess> accesses = FileAccess.of(TraceReader.parse(LINES).calls());
        assertThat(accesses).extracting(FileAccess::path).containsExactly("/bin/sh", "/dev/null", "/proc/self/exe",
                "/usr/lib/x86_64-linux-gnu/libc.so.6", "/work/data/in,put.txt", "/etc/café");
        assertThat(accesses.getFirst().kind()).isEqualTo(FileAccess.Kind.EXEC);
        assertThat(accesses.get(4).kind()).isEqualTo(FileAccess.Kind.LOOKUP);
    }

    @Test
    void argumentsSplitOnlyAtTopLevelCommas() {
        Optional<Syscall> call = TraceReader.parseCall(7, "bind(3<socket:[1234]>, {sa_family=AF_INET, sin_port=htons(80), "
                + "sin_addr=inet_addr(\"0.0.0.0\")}, 16) = 0");
        assertThat(call).isPresent();
        assertThat(call.get().args()).hasSize(3);
        assertThat(call.get().arg(1)).contains("htons(80)");
        assertThat(TraceReader.parseCall(7, "not a call")).isEmpty();
        assertThat(TraceReader.parseCall(7, "read(3, \"unterminated")).isEmpty();
    }

    @Test
    void withoutAnExecveNothingIsKept() {
        assertThat(TraceReader.parse(LINES.subList(0, 3)).calls()).isEmpty();
    }

    @Test
    void enosysOnlyCallsKeepFailingWithEnosys() {
        SeccompProfile profile = SeccompProfile.of(TraceReader.parse(LINES), List.of("SCMP_ARCH_X86_64"));
        assertThat(profile.allowed()).contains("openat", "newfstatat", "execve", "exit_group", "futex").doesNotContain("clone3", "bind");
        assertThat(profile.syscalls()).anySatisfy(r -> {
            assertThat(r.names()).containsExactly("clone3");
            assertThat(r.errnoRet()).isEqualTo(38);
        });
        assertThat(profile.defaultAction()).isEqualTo("SCMP_ACT_ERRNO");
    }

    @Test
    void writesAreOpensForWritingAndCallsThatCreateRemoveOrChangePaths() {
        List<FileAccess> accesses = FileAccess.of(TraceReader.parse(List.of(
                "5 execve(\"/bin/sh\", [\"sh\"], 0x7ffc /* 1 var */) = 0",
                "5 openat(AT_FDCWD</>, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3</etc/passwd>",
                "5 openat(AT_FDCWD</work>, \"out\", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3</work/out>",
                "5 mkdirat(AT_FDCWD</work>, \"d\", 0777) = 0",
                "5 renameat2(AT_FDCWD</work>, \"out\", 4</srv>, \"final\", RENAME_NOREPLACE) = 0",
                "5 unlink(\"/tmp/x\") = 0",
                "5 symlinkat(\"target\", AT_FDCWD</work>, \"link\") = 0")).calls());
        assertThat(accesses).extracting(FileAccess::path).containsExactly("/bin/sh", "/etc/passwd", "/work/out", "/work/d", "/work/out",
                "/srv/final", "/tmp/x", "/work/link");
        assertThat(accesses).filteredOn(FileAccess::writes).extracting(FileAccess::path)
                .containsExactly("/work/out", "/work/d", "/work/out", "/srv/final", "/tmp/x", "/work/link");
    }
}
