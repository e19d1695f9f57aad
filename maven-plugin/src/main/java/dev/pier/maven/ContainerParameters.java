package dev.pier.maven;

import java.util.List;
import java.util.Map;

/** {@code <container>}, with jib-maven-plugin's names: mainClass, jvmFlags, ports, args, environment, labels, user, entrypoint. */
public class ContainerParameters {
    String mainClass;
    List<String> jvmFlags = List.of();
    List<String> ports = List.of();
    List<String> args = List.of();
    Map<String, String> environment = Map.of();
    Map<String, String> labels = Map.of();
    String user;
    List<String> entrypoint;
}
