package dev.pier.build.dockerfile;

import dev.pier.image.PierException;

/**
 * A Dockerfile that cannot be parsed or built; the message is one line starting with the file,
 * the line and the instruction: {@code Dockerfile:7: COPY: ...}.
 */
public final class DockerfileException extends PierException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final int line;

    public DockerfileException(String file, int line, String instruction, String message) {
        super(file + ":" + line + ": " + (instruction == null || instruction.isEmpty() ? "" : instruction + ": ") + message);
        this.file = file;
        this.line = line;
    }

    /** An error about {@code instruction}, at its location. */
    public static DockerfileException at(Instruction instruction, String message) {
        return new DockerfileException(instruction.location().file(), instruction.location().line(), instruction.keyword(), message);
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }
}
