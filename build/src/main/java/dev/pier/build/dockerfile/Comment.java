package dev.pier.build.dockerfile;

/** A comment line: its line number and its text after {@code #}, stripped. */
public record Comment(int line, String text) {}
