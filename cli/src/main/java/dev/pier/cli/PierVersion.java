package dev.pier.cli;

import picocli.CommandLine;

/** The version line of {@code pier --version}. */
final class PierVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Pier.class.getPackage().getImplementationVersion();
        return new String[] {"pier " + (v == null ? "0.1.0-SNAPSHOT" : v) + " (Java " + Runtime.version() + ")"};
    }
}
