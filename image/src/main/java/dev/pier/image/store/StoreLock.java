package dev.pier.image.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A readers-writer lock over a store, held across threads and processes: writers of new content
 * share it, garbage collection takes it alone, so a blob written but not yet tagged is never
 * collected. Within the JVM a read-write lock orders threads; one file lock, shared or exclusive,
 * stands for the whole JVM towards other processes.
 */
public final class StoreLock {
    private final Path file;
    private final ReentrantReadWriteLock threads = new ReentrantReadWriteLock();
    private FileChannel channel;
    private FileLock sharedLock;
    private int sharedHolders;

    public StoreLock(Path file) {
        this.file = file;
    }

    /** A held lock; closing releases it. */
    public interface Held extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    /** Shared: for writers of content. */
    public Held shared() throws IOException {
        threads.readLock().lock();
        try {
            synchronized (this) {
                if (sharedHolders++ == 0) {
                    channel = open();
                    sharedLock = channel.lock(0, Long.MAX_VALUE, true);
                }
            }
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                sharedHolders--;
            }
            threads.readLock().unlock();
            throw e;
        }
        return () -> {
            try {
                synchronized (this) {
                    if (--sharedHolders == 0) {
                        sharedLock.release();
                        channel.close();
                    }
                }
            } finally {
                threads.readLock().unlock();
            }
        };
    }

    /** Exclusive: for garbage collection. */
    public Held exclusive() throws IOException {
        threads.writeLock().lock();
        FileChannel ch;
        FileLock lock;
        try {
            ch = open();
            lock = ch.lock(0, Long.MAX_VALUE, false);
        } catch (IOException | RuntimeException e) {
            threads.writeLock().unlock();
            throw e;
        }
        return () -> {
            try {
                lock.release();
                ch.close();
            } finally {
                threads.writeLock().unlock();
            }
        };
    }

    private FileChannel open() throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }
}
