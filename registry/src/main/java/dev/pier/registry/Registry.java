package dev.pier.registry;

import dev.pier.registry.storage.RegistryStorage;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What the handlers share: the storage, the options, the metrics, and the lock that keeps the
 * garbage collector's deletions apart from manifest pushes (pushes share it, a deletion takes it
 * alone, so a blob a new manifest was just validated against cannot vanish under it).
 */
public final class Registry {
    private final RegistryStorage storage;
    private final RegistryOptions options;
    private final Metrics metrics = new Metrics();
    private final ReadWriteLock gcLock = new ReentrantReadWriteLock();

    public Registry(RegistryStorage storage, RegistryOptions options) {
        this.storage = storage;
        this.options = options;
    }

    public RegistryStorage storage() {
        return storage;
    }

    public RegistryOptions options() {
        return options;
    }

    public Metrics metrics() {
        return metrics;
    }

    public ReadWriteLock gcLock() {
        return gcLock;
    }

    void requireWritable() {
        if (options.readOnly()) {
            throw RegistryError.of(RegistryError.Code.UNSUPPORTED, 405, "the registry is in read-only mode");
        }
    }
}
