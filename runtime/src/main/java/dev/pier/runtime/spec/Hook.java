package dev.pier.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A hook: a program run with the container's state JSON on stdin.
 *
 * @param path the program, absolute
 * @param args its arguments, argv[0] included
 * @param env its environment
 * @param timeout seconds before it is killed and the operation fails
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Hook(String path, List<String> args, List<String> env, Integer timeout) {
    public Hook {
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? List.of() : List.copyOf(env);
    }
}
