/**
 * Small Java runtimes for images: {@link dev.pier.build.jlink.ModuleDeps} finds the modules an
 * application uses (jdeps), {@link dev.pier.build.jlink.JlinkRuntime} links them (jlink), and
 * {@link dev.pier.build.jlink.SharedLibraries} finds the host's shared libraries the runtime needs
 * (read from ELF headers) so an image without a base can run it.
 */
package dev.pier.build.jlink;
