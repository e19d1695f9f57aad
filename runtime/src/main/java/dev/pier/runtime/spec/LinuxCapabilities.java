package dev.pier.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The five capability sets, as names ({@code CAP_CHOWN}, ...).
 *
 * @param bounding the bounding set
 * @param effective the effective set
 * @param inheritable the inheritable set
 * @param permitted the permitted set
 * @param ambient the ambient set
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxCapabilities(List<String> bounding, List<String> effective, List<String> inheritable,
        List<String> permitted, List<String> ambient) {
    public LinuxCapabilities {
        bounding = bounding == null ? List.of() : List.copyOf(bounding);
        effective = effective == null ? List.of() : List.copyOf(effective);
        inheritable = inheritable == null ? List.of() : List.copyOf(inheritable);
        permitted = permitted == null ? List.of() : List.copyOf(permitted);
        ambient = ambient == null ? List.of() : List.copyOf(ambient);
    }
}
