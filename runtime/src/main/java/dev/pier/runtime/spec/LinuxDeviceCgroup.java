package dev.pier.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A rule of the devices cgroup ({@code linux.resources.devices}): later rules override earlier ones.
 *
 * @param allow whether the rule allows (or denies) the access
 * @param type {@code a} (all), {@code c} or {@code b}; null means all
 * @param major major number, null for any
 * @param minor minor number, null for any
 * @param access any of {@code r}, {@code w}, {@code m} (mknod); null means all three
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxDeviceCgroup(boolean allow, String type, Long major, Long minor, String access) {
    /** The rule as the v1 devices cgroup reads it in {@code devices.allow} and {@code devices.deny}: "c 1:3 rwm". */
    public String v1() {
        String t = type == null || type.isEmpty() ? "a" : type;
        if (t.equals("a")) {
            return "a";
        }
        return t + " " + (major == null || major < 0 ? "*" : major) + ":" + (minor == null || minor < 0 ? "*" : minor) + " "
                + (access == null || access.isEmpty() ? "rwm" : access);
    }
}
