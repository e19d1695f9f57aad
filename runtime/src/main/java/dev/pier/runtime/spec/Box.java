package dev.pier.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A terminal size.
 *
 * @param height rows
 * @param width columns
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Box(int height, int width) {}
