package dev.pier.image.transport;

import dev.pier.image.PierException;
import dev.pier.image.spec.Descriptor;
import java.util.List;
import java.util.Optional;

/** Picks the entry of an index.json that a transport reference names. */
final class IndexEntries {
    private IndexEntries() {}

    /**
     * The entry whose {@code ref.name} is {@code refName}; without a name, the only entry.
     *
     * @param where how the user named the layout or archive, for messages
     */
    static Descriptor select(List<Descriptor> entries, Optional<String> refName, String where) {
        if (refName.isPresent()) {
            return entries.stream()
                    .filter(d -> d.refName().filter(refName.get()::equals).isPresent())
                    .findFirst()
                    .orElseThrow(() -> new PierException(where + ": no image named \"" + refName.get() + "\"" + names(entries)));
        }
        if (entries.size() != 1) {
            throw new PierException(where + ": holds " + entries.size() + " images; add :NAME to choose one" + names(entries));
        }
        return entries.getFirst();
    }

    static List<String> namesOf(List<Descriptor> entries, Descriptor top) {
        return entries.stream()
                .filter(d -> d.digest().equals(top.digest()))
                .flatMap(d -> d.refName().stream())
                .toList();
    }

    private static String names(List<Descriptor> entries) {
        List<String> names = entries.stream().flatMap(d -> d.refName().stream()).toList();
        return names.isEmpty() ? "" : " (names: " + String.join(", ", names) + ")";
    }
}
