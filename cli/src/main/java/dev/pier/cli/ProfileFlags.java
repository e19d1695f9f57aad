package dev.pier.cli;

import dev.pier.analyze.profile.BehaviourProfile;
import dev.pier.analyze.profile.ProfileEnforcement;
import dev.pier.analyze.profile.ProfileRecorder;
import dev.pier.image.PierException;
import dev.pier.image.spec.Json;
import dev.pier.image.transport.Image;
import dev.pier.runtime.engine.ContainerEngine;
import dev.pier.runtime.engine.RunRequest;
import dev.pier.runtime.engine.SeccompProfiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code pier run}'s behaviour profile flags (docs/security.md, "Behaviour profiles"):
 * {@code --record-profile FILE} traces the run and writes what it did; {@code --profile FILE}
 * confines the run to it, through the settings {@code pier run} already has (capabilities, a
 * seccomp file, {@code --read-only}, {@code --tmpfs}).
 */
final class ProfileFlags {
    @Option(names = "--record-profile", paramLabel = "FILE", description = "Trace the run (strace) and write what it did to FILE when it exits: "
            + "executables, files read and written, connections, user ids, capabilities, system calls (see pier profile show).")
    Path record;

    @Option(names = "--profile", paramLabel = "FILE", description = "Confine the run to a recorded profile: its system calls (others fail with EPERM), "
            + "its capabilities, a read-only root with only the directories it wrote writable.")
    Path enforce;

    @Option(names = "--force-profile", description = "Enforce --profile even though it was recorded from another image.")
    boolean force;

    /**
     * The run's settings with the profile applied: the seccomp filter goes through a temporary file,
     * removed on close (the engine reads it when it creates the container).
     *
     * @param image the image to run (read once)
     * @param security capabilities and security options
     * @param readOnly whether the root filesystem is read-only
     * @param tmpfs the {@code --tmpfs} mounts
     * @param seccompFile the temporary filter file
     * @param egress with {@code --profile}, the recorded connections as {@code --allow-egress} values
     */
    record Applied(Image image, RunRequest.Security security, boolean readOnly, List<String> tmpfs, Optional<Path> seccompFile,
            Optional<List<String>> egress) implements AutoCloseable {
        /**
         * The egress policy of a run on {@code network}: the user's, narrowed on the bridge network
         * to the profile's connections (none recorded: nothing goes out). On the host network the
         * profile's list cannot be enforced: a warning says so.
         */
        dev.pier.runtime.network.EgressPolicy egressPolicy(String network, String mode, List<String> allowEgress) {
            if (egress.isEmpty() || !"bridge".equals(network)) {
                if (egress.isPresent() && !egress.get().isEmpty() && "host".equals(network)) {
                    System.err.println("pier: warning: the profile's egress list is not enforced on the host network");
                }
                return dev.pier.runtime.network.EgressPolicy.of(mode, allowEgress);
            }
            List<String> allowed = new ArrayList<>(allowEgress);
            allowed.addAll(egress.get());
            return dev.pier.runtime.network.EgressPolicy.allowing(allowed);
        }

        @Override
        public void close() throws IOException {
            if (seccompFile.isPresent()) {
                Files.deleteIfExists(seccompFile.get());
            }
        }
    }

    /** Checks the flags together and applies {@code --profile} to the other settings of the run of {@code image}. */
    Applied apply(Image image, RunRequest.Security security, boolean readOnly, List<String> tmpfs, boolean detach) throws IOException {
        if (record != null && enforce != null) {
            throw new PierException("use --record-profile or --profile, not both");
        }
        if (record != null && detach) {
            throw new PierException("--record-profile traces an attached run: drop -d");
        }
        if (enforce == null) {
            return new Applied(image, security, readOnly, tmpfs, Optional.empty(), Optional.empty());
        }
        if (security.privileged() || !security.capAdd().isEmpty() || !security.capDrop().isEmpty()
                || security.securityOpts().stream().anyMatch(o -> o.startsWith("seccomp"))) {
            throw new PierException("--profile sets the capabilities and the seccomp filter: drop --privileged, --cap-add, --cap-drop and --security-opt seccomp=");
        }
        BehaviourProfile profile = BehaviourProfile.read(enforce);
        ProfileEnforcement.checkImage(profile, enforce, image.descriptor().digest().toString(), force);
        ProfileEnforcement e = ProfileEnforcement.of(profile, SeccompProfiles.pierDefault(List.of()).architectures());
        Path filter = Files.createTempFile("pier-profile-seccomp-", ".json");
        Files.write(filter, Json.write(e.seccomp()));
        List<String> opts = new ArrayList<>(security.securityOpts());
        opts.add("seccomp=" + filter);
        List<String> mounts = new ArrayList<>(tmpfs);
        mounts.addAll(e.tmpfs());
        List<String> egress = e.egress().stream().map(ProfileFlags::allowEgress).toList();
        return new Applied(image, new RunRequest.Security(e.capabilities(), List.of("ALL"), opts, false), readOnly || e.readOnlyRoot(), mounts,
                Optional.of(filter), Optional.of(egress));
    }

    /** A recorded connection as an {@code --allow-egress} value: the address, its port and protocol. */
    static String allowEgress(BehaviourProfile.Connection c) {
        String address = c.family().equals("inet6") ? "[" + c.address() + "]" : c.address();
        return c.port() == 0 ? c.address() : address + ":" + c.port() + (c.protocol() == null || c.protocol().isEmpty() ? "" : "/" + c.protocol());
    }

    /** Runs {@code request} attached: traced, writing the profile, with {@code --record-profile}. */
    int run(ContainerEngine engine, RunRequest request, boolean rm) throws IOException, InterruptedException {
        return record == null ? engine.run(request, rm) : ProfileRecorder.record(engine, request, rm, record);
    }
}
