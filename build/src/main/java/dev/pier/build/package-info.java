/** Building images: Dockerfiles, working containers (from/run/copy/commit), Java applications. */
package dev.pier.build;
