package dev.pier.build.dockerfile;

/**
 * A flag of an instruction as written, e.g. {@code --from=build} or {@code --link}; the value is
 * unexpanded, and null for a flag written without {@code =}.
 */
public record Flag(String name, String value) {
    /** The flag as it was written: {@code --name=value} or {@code --name}. */
    @Override
    public String toString() {
        return "--" + name + (value == null ? "" : "=" + value);
    }
}
