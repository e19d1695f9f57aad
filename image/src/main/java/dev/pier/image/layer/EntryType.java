package dev.pier.image.layer;

/** The kinds of layer tar entries Pier writes and applies. Sockets have no tar form. */
public enum EntryType {
    FILE,
    DIRECTORY,
    SYMLINK,
    HARDLINK,
    CHAR_DEVICE,
    BLOCK_DEVICE,
    FIFO
}
