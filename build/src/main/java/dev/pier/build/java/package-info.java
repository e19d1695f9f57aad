/**
 * Java applications to OCI images without a Dockerfile, as Jib does: {@link dev.pier.build.java.JavaContainer}
 * puts dependencies, snapshot dependencies, resources and classes into separate reproducible layers,
 * in the order of how rarely they change, so a rebuild after a code change rebuilds and uploads one
 * small layer.
 */
package dev.pier.build.java;
