package dev.pier.build.dockerfile;

import java.util.List;
import java.util.Optional;

/**
 * One Dockerfile instruction. Arguments are kept as written (unexpanded, quotes included where
 * Docker removes them during expansion, see {@link ShellLex}); the executor expands them in the
 * instructions Docker substitutes. Every instruction keeps its {@link Location} (line, original
 * text, comments above it) and its flags, so the linter can point at it.
 */
public sealed interface Instruction {
    Location location();

    /** The instruction's name in upper case: {@code COPY}. */
    String keyword();

    /** The {@code --flags} written after the keyword, in order. */
    default List<Flag> flags() {
        return List.of();
    }

    /** The value of flag {@code name} (empty string for a flag without {@code =}), if present. */
    default Optional<String> flag(String name) {
        return flags().stream().filter(f -> f.name().equals(name)).reduce((a, b) -> b)
                .map(f -> f.value() == null ? "" : f.value());
    }

    /** A {@code key=value} pair of ENV or LABEL, both unexpanded (quotes kept). */
    record KeyValue(String key, String value) {}

    /** A declared ARG and its default (null without one), unexpanded. */
    record ArgDecl(String name, String defaultValue) {}

    /** {@code FROM [--platform=P] image [AS name]}; {@code stageName} is null without AS. */
    record From(Location location, List<Flag> flags, String image, String stageName) implements Instruction {
        public String keyword() {
            return "FROM";
        }
    }

    /** {@code ARG name[=default] ...}. */
    record Arg(Location location, List<ArgDecl> args) implements Instruction {
        public String keyword() {
            return "ARG";
        }
    }

    /** {@code ENV k=v ...} or the legacy {@code ENV k v}. */
    record Env(Location location, List<KeyValue> pairs) implements Instruction {
        public String keyword() {
            return "ENV";
        }
    }

    /** {@code LABEL k=v ...}. */
    record Label(Location location, List<KeyValue> pairs) implements Instruction {
        public String keyword() {
            return "LABEL";
        }
    }

    /** {@code MAINTAINER name}, deprecated; the executor records it as label {@code maintainer}. */
    record Maintainer(Location location, String name) implements Instruction {
        public String keyword() {
            return "MAINTAINER";
        }
    }

    /** {@code RUN [--mount=...] [--network=...] [--security=...] command}, with its heredocs. */
    record Run(Location location, List<Flag> flags, CommandForm command, List<Heredoc> heredocs) implements Instruction {
        public String keyword() {
            return "RUN";
        }

        /** The {@code --mount} values, unexpanded: {@code type=cache,target=/root/.m2}. */
        public List<String> mounts() {
            return flags.stream().filter(f -> f.name().equals("mount")).map(Flag::value).toList();
        }
    }

    /** COPY and ADD: sources, a destination, flags and heredocs. */
    sealed interface FileTransfer extends Instruction permits Copy, Add {
        List<String> sources();

        String destination();

        List<Heredoc> heredocs();

        default Optional<String> from() {
            return flag("from");
        }

        default Optional<String> chown() {
            return flag("chown");
        }

        default Optional<String> chmod() {
            return flag("chmod");
        }

        default boolean link() {
            return flag("link").map(v -> !v.equals("false")).orElse(false);
        }
    }

    /** {@code COPY [--from] [--chown] [--chmod] [--link] [--parents] src... dest}. */
    record Copy(Location location, List<Flag> flags, List<String> sources, String destination,
                List<Heredoc> heredocs) implements FileTransfer {
        public String keyword() {
            return "COPY";
        }

        /** {@code --parents}: each source keeps its path (below a {@code /./} in it) under the destination. */
        public boolean parents() {
            return flag("parents").map(v -> !v.equals("false")).orElse(false);
        }
    }

    /** {@code ADD [--chown] [--chmod] [--link] [--checksum] src... dest}. */
    record Add(Location location, List<Flag> flags, List<String> sources, String destination,
               List<Heredoc> heredocs) implements FileTransfer {
        public String keyword() {
            return "ADD";
        }

        public Optional<String> checksum() {
            return flag("checksum");
        }
    }

    /** {@code CMD}. */
    record Cmd(Location location, CommandForm command) implements Instruction {
        public String keyword() {
            return "CMD";
        }
    }

    /** {@code ENTRYPOINT}. */
    record Entrypoint(Location location, CommandForm command) implements Instruction {
        public String keyword() {
            return "ENTRYPOINT";
        }
    }

    /** {@code SHELL ["executable", "arg"]}. */
    record Shell(Location location, List<String> shell) implements Instruction {
        public String keyword() {
            return "SHELL";
        }
    }

    /** {@code WORKDIR path}. */
    record Workdir(Location location, String path) implements Instruction {
        public String keyword() {
            return "WORKDIR";
        }
    }

    /** {@code USER user[:group]}. */
    record User(Location location, String user) implements Instruction {
        public String keyword() {
            return "USER";
        }
    }

    /** {@code EXPOSE port[/proto] ...}. */
    record Expose(Location location, List<String> ports) implements Instruction {
        public String keyword() {
            return "EXPOSE";
        }
    }

    /** {@code VOLUME path ...} or {@code VOLUME ["path"]}. */
    record Volume(Location location, List<String> paths) implements Instruction {
        public String keyword() {
            return "VOLUME";
        }
    }

    /** {@code STOPSIGNAL signal}. */
    record StopSignal(Location location, String signal) implements Instruction {
        public String keyword() {
            return "STOPSIGNAL";
        }
    }

    /** {@code HEALTHCHECK [options] CMD command}, or {@code HEALTHCHECK NONE} ({@code command} null). */
    record Healthcheck(Location location, List<Flag> flags, CommandForm command) implements Instruction {
        public String keyword() {
            return "HEALTHCHECK";
        }

        public boolean none() {
            return command == null;
        }
    }

    /** {@code ONBUILD instruction}: {@code trigger} is parsed, {@code triggerText} as written. */
    record Onbuild(Location location, Instruction trigger, String triggerText) implements Instruction {
        public String keyword() {
            return "ONBUILD";
        }
    }
}
