package dev.pier.runtime.engine;

import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.sys.SecurityModules;
import java.util.List;

/**
 * The AppArmor profile and SELinux labels of {@code --security-opt}, as docker spells them:
 * {@code apparmor=PROFILE} ({@code unconfined}: none), and {@code label=user:U}, {@code role:R},
 * {@code type:T}, {@code level:L}, {@code filetype:T} or {@code disable}. SELinux parts replace
 * those of container-selinux's defaults, {@value #PROCESS} for the process and {@value #FILES} for
 * the filesystems the runtime mounts. Nothing is applied unless asked: Pier loads no AppArmor
 * profile of its own and gives no SELinux label by default.
 *
 * @param apparmorProfile the profile, or null
 * @param selinuxLabel the process label, or null
 * @param mountLabel the label of the container's tmpfs, devpts and other filesystems, or null
 */
record SecurityLabels(String apparmorProfile, String selinuxLabel, String mountLabel) {
    static final String PROCESS = "system_u:system_r:container_t:s0";
    static final String FILES = "system_u:object_r:container_file_t:s0";

    /** A {@code --security-opt} as {@code name=value}: docker's older {@code name:value} too ({@code label:type:T}). */
    static String normalize(String option) {
        return option.contains("=") ? option : option.replaceFirst(":", "=");
    }

    /** Whether {@code option} ({@code name=value}, after docker's {@code name:value} became that) is one of these. */
    static boolean accepts(String option) {
        return option.startsWith("apparmor=") || option.startsWith("label=");
    }

    /**
     * The labels of {@code options} (those {@link #accepts} takes; others are skipped), checked
     * against this host: a profile or label it cannot apply is refused, as the runtime would.
     *
     * @throws RuntimeError for an unknown label part, or a module this host does not have
     */
    static SecurityLabels of(List<String> options) {
        SecurityLabels labels = parse(options);
        SecurityModules.requireFor(labels.apparmorProfile(), labels.selinuxLabel(), labels.mountLabel());
        return labels;
    }

    /** The labels of {@code options}, whatever this host has. */
    static SecurityLabels parse(List<String> options) {
        String apparmor = null;
        String[] process = PROCESS.split(":", 4);
        String[] files = FILES.split(":", 4);
        boolean labelled = false;
        boolean disabled = false;
        for (String option : options) {
            if (option.startsWith("apparmor=")) {
                String profile = option.substring("apparmor=".length());
                apparmor = profile.isEmpty() || profile.equals("unconfined") ? null : profile;
            } else if (option.startsWith("label=")) {
                String part = option.substring("label=".length());
                int colon = part.indexOf(':');
                String key = colon < 0 ? part : part.substring(0, colon);
                String value = colon < 0 ? "" : part.substring(colon + 1);
                switch (key) {
                    case "disable" -> disabled = true;
                    case "user" -> process[0] = files[0] = value;
                    case "role" -> process[1] = value;
                    case "type" -> process[2] = value;
                    case "level" -> process[3] = files[3] = value;
                    case "filetype" -> files[2] = value;
                    default -> throw new RuntimeError("unsupported --security-opt " + option
                            + " (label=user:U, role:R, type:T, level:L, filetype:T or disable)");
                }
                if (!key.equals("disable") && value.isEmpty()) {
                    throw new RuntimeError("--security-opt " + option + ": the " + key + " is empty");
                }
                labelled |= !key.equals("disable");
            }
        }
        return labelled && !disabled
                ? new SecurityLabels(apparmor, String.join(":", process), String.join(":", files))
                : new SecurityLabels(apparmor, null, null);
    }
}
