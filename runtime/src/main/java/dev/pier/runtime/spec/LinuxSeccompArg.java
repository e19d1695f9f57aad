package dev.pier.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A condition on a syscall argument.
 *
 * @param index the argument's index, 0 to 5
 * @param value the value compared
 * @param valueTwo the second value (for SCMP_CMP_MASKED_EQ, the expected value)
 * @param op the comparison, e.g. {@code SCMP_CMP_EQ}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxSeccompArg(int index, java.math.BigInteger value, java.math.BigInteger valueTwo, String op) {}
