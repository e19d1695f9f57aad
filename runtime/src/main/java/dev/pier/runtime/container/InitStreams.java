package dev.pier.runtime.container;

import static dev.pier.runtime.sys.Flags.O_CLOEXEC;
import static dev.pier.runtime.sys.Flags.O_RDONLY;

import dev.pier.runtime.sys.Libc;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The standard streams of an init started with posix_spawn rather than {@link ProcessBuilder}:
 * this JVM's own, a file to read for stdin, and pipes this JVM reads for stdout and stderr.
 *
 * @param stdio where the container's output goes
 * @param in the container's stdin
 */
record InitStreams(Creator.Stdio stdio, ProcessBuilder.Redirect in) {
    /** Starts a process: {@code start} gets the descriptors of its stdin, stdout and stderr and returns its pid. */
    interface Start {
        int start(int[] stdio) throws IOException;
    }

    /** Whether posix_spawn can give the process these streams (other redirects need {@link ProcessBuilder}). */
    boolean spawnable() {
        return (in == ProcessBuilder.Redirect.INHERIT || in.type() == ProcessBuilder.Redirect.Type.READ)
                && List.of(stdio.out(), stdio.err()).stream().allMatch(r -> r == ProcessBuilder.Redirect.INHERIT
                        || r.type() == ProcessBuilder.Redirect.Type.PIPE);
    }

    /** Runs {@code start} with the streams' descriptors; the process it started, as a {@link java.lang.Process}. */
    java.lang.Process spawn(Start start) throws IOException {
        List<Integer> parentEnds = new ArrayList<>();
        int[] fds = {0, 1, 2};
        int[] readEnds = {-1, -1, -1};
        try {
            if (in.type() == ProcessBuilder.Redirect.Type.READ) {
                fds[0] = Libc.open(in.file().getPath(), O_RDONLY | O_CLOEXEC, 0);
                parentEnds.add(fds[0]);
            }
            List<ProcessBuilder.Redirect> outs = List.of(stdio.out(), stdio.err());
            for (int i = 1; i <= 2; i++) {
                if (outs.get(i - 1).type() == ProcessBuilder.Redirect.Type.PIPE) {
                    int[] pipe = Libc.pipe();
                    readEnds[i] = pipe[0];
                    fds[i] = pipe[1];
                    parentEnds.add(pipe[1]);
                }
            }
            int pid;
            try {
                pid = start.start(fds);
            } catch (RuntimeException | IOException e) {
                for (int r : readEnds) {
                    if (r >= 0) {
                        Libc.close(r);
                    }
                }
                throw e;
            }
            return new SpawnedProcess(pid, readEnds[1], readEnds[2]);
        } finally {
            parentEnds.forEach(Libc::close);
        }
    }
}
