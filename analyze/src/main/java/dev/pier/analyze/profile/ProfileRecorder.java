package dev.pier.analyze.profile;

import dev.pier.analyze.trace.CapabilityInference;
import dev.pier.analyze.trace.FileAccess;
import dev.pier.analyze.trace.ImageTree;
import dev.pier.analyze.trace.SeccompProfile;
import dev.pier.analyze.trace.Syscall;
import dev.pier.analyze.trace.TracedRun;
import dev.pier.image.PierException;
import dev.pier.image.io.FileTrees;
import dev.pier.image.spec.ContainerConfig;
import dev.pier.image.unpack.ImageUnpacker;
import dev.pier.runtime.engine.ContainerEngine;
import dev.pier.runtime.engine.ImageUsers;
import dev.pier.runtime.engine.RunRequest;
import dev.pier.runtime.engine.SpecFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pier run --record-profile FILE}: runs the container under Pier's tracer (the one
 * {@code pier slim} uses, {@link TracedRun}) and turns the trace into a {@link BehaviourProfile},
 * written atomically once the container has exited. The capabilities are inferred as slim infers
 * them ({@link CapabilityInference}), against a copy of the image unpacked for the purpose.
 */
public final class ProfileRecorder {
    private static final Set<String> ID_QUERIES = Set.of("getuid", "geteuid", "getgid", "getegid");
    private static final Pattern ID = Pattern.compile("\\d+");

    private ProfileRecorder() {}

    /**
     * Runs {@code request} traced, attached, and writes its profile to {@code file}.
     *
     * @return the container's exit status
     * @throws PierException when strace is missing, the directory of {@code file} does not exist, or the program never started
     */
    public static int record(ContainerEngine engine, RunRequest request, boolean autoRemove, Path file)
            throws IOException, InterruptedException {
        TracedRun.requireStrace("pier run --record-profile");
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new PierException("--record-profile " + file + ": the directory " + dir + " does not exist");
        }
        Files.createDirectories(engine.root());
        Path work = Files.createTempDirectory(engine.root(), "profile-");
        try {
            Path rootfs = work.resolve("rootfs");
            ImageUnpacker.withDefaults().unpackInto(request.image(), rootfs);
            TracedRun.Outcome outcome = TracedRun.run(engine, request, autoRemove, work.resolve("trace.txt"), TracedRun.Stop.AT_EXIT);
            of(request, rootfs, outcome).write(file);
            return outcome.exitStatus();
        } finally {
            FileTrees.delete(work);
        }
    }

    /** The profile of a traced run of {@code request}, whose image is unpacked at {@code rootfs}. */
    static BehaviourProfile of(RunRequest request, Path rootfs, TracedRun.Outcome outcome) {
        ContainerConfig config = request.image().config().config() == null ? ContainerConfig.EMPTY : request.image().config().config();
        String user = request.user() != null && !request.user().isEmpty() ? request.user() : config.user();
        List<Syscall> calls = outcome.trace().calls();
        SortedSet<String> executables = new TreeSet<>();
        List<String> read = new ArrayList<>();
        List<String> written = new ArrayList<>();
        for (FileAccess a : FileAccess.of(calls)) {
            if (!a.call().succeeded()) {
                continue;
            }
            if (a.kind() == FileAccess.Kind.EXEC) {
                executables.add(ProfilePaths.normalize(a.path()));
            } else if (a.writes()) {
                written.add(a.path());
            } else if (a.kind() == FileAccess.Kind.OPEN) {
                read.add(a.path());
            }
        }
        SortedSet<String> enosys = SeccompProfile.onlyEnosys(calls);
        SortedSet<String> made = new TreeSet<>();
        calls.forEach(c -> made.add(c.name()));
        made.removeAll(enosys);
        return new BehaviourProfile(BehaviourProfile.VERSION,
                new BehaviourProfile.RecordedImage(request.imageName(), request.image().descriptor().digest().toString()),
                SpecFactory.args(config, request), outcome.exitStatus(), List.copyOf(executables),
                new BehaviourProfile.FileUse(ProfilePaths.collapse(read), ProfilePaths.collapse(written)),
                Connections.of(calls), ids(calls, ImageUsers.resolve(rootfs, user)),
                CapabilityInference.infer(calls, new ImageTree(rootfs), CapabilityInference.User.of(rootfs, user)),
                new BehaviourProfile.Syscalls(List.copyOf(made), List.copyOf(enosys), List.copyOf(new TreeSet<>(outcome.trace().startup()))));
    }

    /** The starting user and group, what getuid and its kin answered, and what set*id calls that succeeded asked for. */
    private static BehaviourProfile.Ids ids(List<Syscall> calls, ImageUsers.Resolved start) {
        SortedSet<Long> uids = new TreeSet<>(List.of(start.uid()));
        SortedSet<Long> gids = new TreeSet<>(List.of(start.gid()));
        for (Syscall c : calls) {
            if (!c.succeeded()) {
                continue;
            }
            boolean user = c.name().matches("set(res|re|fs)?uid|getuid|geteuid");
            boolean group = c.name().matches("set(res|re|fs)?gid|setgroups|getgid|getegid");
            if (ID_QUERIES.contains(c.name())) {
                numbers(c.result(), user ? uids : gids);
            } else if (user || group) {
                // setgroups(size, list): the size is not an id
                List<String> args = c.name().equals("setgroups") ? c.args().subList(Math.min(1, c.args().size()), c.args().size()) : c.args();
                args.forEach(a -> numbers(a, user ? uids : gids));
            }
        }
        return new BehaviourProfile.Ids(List.copyOf(uids), List.copyOf(gids));
    }

    /** The ids in a call's argument or result ({@code 1000}, {@code [1000, 1001]}); -1 ("unchanged") is not one. */
    private static void numbers(String text, SortedSet<Long> into) {
        if (text.startsWith("-")) {
            return;
        }
        Matcher m = ID.matcher(text);
        while (m.find()) {
            into.add(Long.parseLong(m.group()));
        }
    }
}
