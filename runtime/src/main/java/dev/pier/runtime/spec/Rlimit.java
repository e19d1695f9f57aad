package dev.pier.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigInteger;

/**
 * A resource limit. Values are unsigned 64-bit; {@code 18446744073709551615} is unlimited.
 *
 * @param type the limit's name, e.g. {@code RLIMIT_NOFILE}
 * @param hard the hard limit
 * @param soft the soft limit
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rlimit(String type, BigInteger hard, BigInteger soft) {}
