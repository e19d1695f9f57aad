package dev.pier.analyze.lint;

import dev.pier.build.dockerfile.Instruction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * PL010: the build context is larger than {@link LintConfig#contextSizeBytes()} and has no
 * {@code .dockerignore} (nor a {@code <Dockerfile>.dockerignore}): every build reads all of it,
 * and a broad COPY takes along whatever it holds (.git, build output, secrets). Checked only when
 * a context directory is given. Symbolic links are not followed; the walk stops at the threshold.
 */
public final class DockerignoreRule implements LintRule {
    @Override
    public String id() {
        return "PL010";
    }

    @Override
    public String name() {
        return "missing-dockerignore";
    }

    @Override
    public LintSeverity severity() {
        return LintSeverity.WARNING;
    }

    @Override
    public String description() {
        return "A large build context has no .dockerignore.";
    }

    @Override
    public String fix() {
        return "add a .dockerignore that excludes .git, build output and local secrets";
    }

    @Override
    public List<LintFinding> check(LintContext context) {
        Path dir = context.contextDir();
        List<Instruction> instructions = context.dockerfile().instructions();
        if (dir == null || instructions.isEmpty() || !Files.isDirectory(dir) || hasIgnoreFile(context)) {
            return List.of();
        }
        long limit = context.config().contextSizeBytes();
        long size = sizeUpTo(dir, limit);
        if (size <= limit) {
            return List.of();
        }
        Instruction at = instructions.stream()
                .filter(i -> i instanceof Instruction.FileTransfer t && t.from().isEmpty())
                .findFirst().orElse(instructions.getFirst());
        return List.of(finding(at, "the build context " + dir + " holds more than " + mib(limit)
                + " and has no .dockerignore"));
    }

    private static boolean hasIgnoreFile(LintContext context) {
        if (Files.exists(context.contextDir().resolve(".dockerignore"))) {
            return true;
        }
        Path df = context.dockerfilePath();
        return df != null && df.getFileName() != null
                && Files.exists(df.resolveSibling(df.getFileName() + ".dockerignore"));
    }

    /** The total size of the regular files under {@code dir}, counted until it exceeds {@code limit}. */
    static long sizeUpTo(Path dir, long limit) {
        long[] total = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        total[0] += attrs.size();
                    }
                    return total[0] > limit ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total[0];
    }

    private static String mib(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }
}
