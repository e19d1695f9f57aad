package dev.pier.runtime.cli;

import dev.pier.image.spec.Json;
import dev.pier.runtime.container.Containers;
import dev.pier.runtime.sys.Capabilities;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code features}: what this runtime implements, in the runtime-spec features format. */
@Command(name = "features", description = "Show the enabled features.")
final class FeaturesCommand implements Callable<Integer> {
    @ParentCommand
    PierRunc runc;

    @Override
    public Integer call() {
        Map<String, Object> linux = new LinkedHashMap<>();
        linux.put("namespaces", List.of("cgroup", "ipc", "mount", "network", "pid", "user", "uts"));
        linux.put("capabilities", Capabilities.NAMES.subList(0, Capabilities.lastCap() + 1));
        linux.put("cgroup", Map.of("v1", true, "v2", true, "systemd", false, "systemdUser", false));
        linux.put("seccomp", Map.of("enabled", true,
                "actions", List.of("SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS",
                        "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG", "SCMP_ACT_TRACE", "SCMP_ACT_TRAP"),
                "operators", List.of("SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_LT",
                        "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE"),
                "archs", List.of("SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32")));
        linux.put("apparmor", Map.of("enabled", true));   // supported; applied where the host has it
        linux.put("selinux", Map.of("enabled", true));
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("ociVersionMin", "1.0.0");
        features.put("ociVersionMax", Containers.OCI_VERSION);
        features.put("hooks", List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"));
        features.put("mountOptions", List.of("async", "atime", "bind", "defaults", "dev", "diratime", "dirsync", "exec",
                "mand", "noatime", "nodev", "nodiratime", "noexec", "nomand", "norelatime", "nostrictatime", "nosuid",
                "nosymfollow", "private", "rbind", "relatime", "remount", "ro", "rprivate", "rshared", "rslave",
                "runbindable", "rw", "shared", "slave", "strictatime", "suid", "sync", "unbindable"));
        features.put("linux", linux);
        features.put("annotations", Map.of("org.opencontainers.runc.version", "pier-runc 0.1.0"));
        runc.out.println(Json.pretty(features));
        return 0;
    }
}
