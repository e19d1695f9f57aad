package dev.pier.image.ref;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.pier.image.digest.Digest;
import dev.pier.image.digest.Digest.InvalidDigestException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A normalized image reference, {@code domain/path[:tag][@digest]}, parsed as Docker's
 * {@code distribution/reference} {@code ParseNormalizedNamed} followed by {@code TagNameOnly} does:
 * {@code busybox} becomes {@code docker.io/library/busybox:latest}, {@code user/repo} becomes
 * {@code docker.io/user/repo:latest}, and {@code index.docker.io} is spelled {@code docker.io}.
 *
 * <p>The grammar (from distribution/reference):
 * <pre>
 * reference        := name [ ":" tag ] [ "@" digest ]
 * name             := [domain '/'] path-component ['/' path-component]*
 * domain           := host [':' port-number]
 * host             := domain-name | '[' IPv6address ']'
 * domain-name      := domain-component ['.' domain-component]*
 * domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
 * port-number      := /[0-9]+/
 * path-component   := alpha-numeric [separator alpha-numeric]*
 * alpha-numeric    := /[a-z0-9]+/
 * separator        := /[_.]|__|[-]+/
 * tag              := /[\w][\w.-]{0,127}/
 * </pre>
 * The first component of a name is a domain when it contains a {@code .} or a {@code :}, is
 * {@code localhost}, or contains an upper-case letter; otherwise the domain is {@code docker.io}.
 * The name ({@code domain/path}) is at most 255 characters. The digest must be one Pier supports
 * (see {@link Digest}).
 *
 * <p>Every instance is valid and normalized, and has a tag, a digest or both: the canonical
 * constructor normalizes the domain ({@code index.docker.io} → {@code docker.io}), adds
 * {@code library/} to single-component Docker Hub paths and the tag {@code latest} when neither tag
 * nor digest is given, and rejects anything else that does not fit the grammar.
 *
 * @param domain the registry host, with its port if any, e.g. {@code docker.io} or {@code localhost:5000}
 * @param path the repository path without the domain, e.g. {@code library/busybox}
 * @param tag the tag, if any
 * @param digest the digest, if any
 */
public record Reference(String domain, String path, Optional<String> tag, Optional<Digest> digest) {

    /** Docker Hub, the domain of names that have none. */
    public static final String DEFAULT_DOMAIN = "docker.io";
    /** The tag of a reference that names neither a tag nor a digest. */
    public static final String DEFAULT_TAG = "latest";
    /** The longest name ({@code domain/path}) allowed. */
    public static final int NAME_TOTAL_LENGTH_MAX = 255;

    private static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";
    private static final String OFFICIAL_REPO_PREFIX = "library/";
    private static final String LOCALHOST = "localhost";
    private static final int TAG_LENGTH_MAX = 128;

    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("\\w[\\w.-]{0," + (TAG_LENGTH_MAX - 1) + "}");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-f0-9]{64}");

    /**
     * Normalizes and validates.
     *
     * @throws InvalidReferenceException if a part does not fit the grammar
     */
    public Reference {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
        if (domain.equals(LEGACY_DEFAULT_DOMAIN)) {
            domain = DEFAULT_DOMAIN;
        }
        if (domain.equals(DEFAULT_DOMAIN) && path.indexOf('/') < 0) {
            path = OFFICIAL_REPO_PREFIX + path;
        }
        if (tag.isEmpty() && digest.isEmpty()) {
            tag = Optional.of(DEFAULT_TAG);
        }
        String problem = problemWithName(domain, path);
        if (problem == null && tag.isPresent()) {
            problem = problemWithTag(tag.get());
        }
        if (problem != null) {
            throw invalid(domain + "/" + path + tag.map(t -> ":" + t).orElse(""), problem);
        }
    }

    /**
     * Parses and normalizes a reference as {@code docker pull} does.
     *
     * @throws InvalidReferenceException with a one-line message naming the part that is wrong
     */
    @JsonCreator
    public static Reference parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidReferenceException("invalid reference: the reference is empty");
        }
        if (IDENTIFIER.matcher(text).matches()) {
            throw invalid(text, "a 64-character hexadecimal string is an image id, not a repository name");
        }
        String rest = text;
        Optional<Digest> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            String digestText = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (digestText.isEmpty()) {
                throw invalid(text, "nothing follows '@' (expected a digest such as sha256:<64 hex>)");
            }
            try {
                digest = Optional.of(Digest.parse(digestText));
            } catch (InvalidDigestException e) {
                throw new InvalidReferenceException("invalid reference " + quote(text) + ": invalid digest "
                        + quote(digestText) + " (expected sha256:<64 hex> or sha512:<128 hex>)", e);
            }
        }
        Optional<String> tag = Optional.empty();
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            String tagText = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            String problem = problemWithTag(tagText);
            if (problem != null) {
                throw invalid(text, problem);
            }
            tag = Optional.of(tagText);
        }
        if (rest.isEmpty()) {
            throw invalid(text, "the repository name is missing");
        }
        String domain;
        String path;
        int slash = rest.indexOf('/');
        String first = slash < 0 ? "" : rest.substring(0, slash);
        if (slash >= 0 && (first.equals(LOCALHOST)
                || first.indexOf('.') >= 0
                || first.indexOf(':') >= 0
                || !first.equals(first.toLowerCase(Locale.ROOT)))) {
            domain = first;
            path = rest.substring(slash + 1);
        } else {
            domain = DEFAULT_DOMAIN;
            path = rest;
        }
        if (domain.equals(LEGACY_DEFAULT_DOMAIN)) {
            domain = DEFAULT_DOMAIN;
        }
        if (domain.equals(DEFAULT_DOMAIN) && path.indexOf('/') < 0) {
            path = OFFICIAL_REPO_PREFIX + path;
        }
        String problem = problemWithName(domain, path);
        if (problem != null) {
            throw invalid(text, problem);
        }
        return new Reference(domain, path, tag, digest);
    }

    /** The repository's full name, {@code domain/path}, e.g. {@code docker.io/library/busybox}. */
    public String repository() {
        return domain + "/" + path;
    }

    /**
     * The repository as docker shows it: without {@code docker.io/}, and without {@code library/}
     * for official images, e.g. {@code busybox} or {@code user/repo} or {@code localhost:5000/x}.
     */
    public String familiarRepository() {
        if (!domain.equals(DEFAULT_DOMAIN)) {
            return repository();
        }
        if (path.startsWith(OFFICIAL_REPO_PREFIX)) {
            String rest = path.substring(OFFICIAL_REPO_PREFIX.length());
            if (rest.indexOf('/') < 0) {
                return rest;
            }
        }
        return path;
    }

    /** The reference as docker shows it, e.g. {@code busybox:latest} or {@code user/repo@sha256:...}. */
    public String familiarName() {
        return familiarRepository() + suffix();
    }

    /**
     * What names the manifest in the distribution API ({@code /v2/<name>/manifests/<reference>}):
     * the digest when there is one, else the tag.
     */
    public String manifestReference() {
        return digest.map(Digest::toString).orElseGet(tag::orElseThrow);
    }

    /** This repository with the given tag; a digest, if any, is kept (as distribution's WithTag does). */
    public Reference withTag(String newTag) {
        Objects.requireNonNull(newTag, "tag");
        String problem = problemWithTag(newTag);
        if (problem != null) {
            throw invalid(repository() + ":" + newTag, problem);
        }
        return new Reference(domain, path, Optional.of(newTag), digest);
    }

    /** This repository with the given digest; a tag, if any, is kept (as distribution's WithDigest does). */
    public Reference withDigest(Digest newDigest) {
        return new Reference(domain, path, tag, Optional.of(Objects.requireNonNull(newDigest, "digest")));
    }

    /** The full normalized form, {@code domain/path[:tag][@digest]}. */
    @JsonValue
    @Override
    public String toString() {
        return repository() + suffix();
    }

    private String suffix() {
        return tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }

    /** Whether the text fits the tag grammar {@code [\w][\w.-]{0,127}}. */
    public static boolean isValidTag(String text) {
        return text != null && TAG.matcher(text).matches();
    }

    private static String problemWithTag(String tag) {
        if (tag.isEmpty()) {
            return "the tag after ':' is empty";
        }
        if (tag.length() > TAG_LENGTH_MAX) {
            return "the tag is longer than " + TAG_LENGTH_MAX + " characters";
        }
        if (!TAG.matcher(tag).matches()) {
            return "invalid tag " + quote(tag) + ": a tag is made of letters, digits, '_', '.' and '-', and does not start with '.' or '-'";
        }
        return null;
    }

    private static String problemWithName(String domain, String path) {
        int length = domain.length() + 1 + path.length();
        if (length > NAME_TOTAL_LENGTH_MAX) {
            return "the repository name is " + length + " characters long, more than " + NAME_TOTAL_LENGTH_MAX;
        }
        if (!DOMAIN.matcher(domain).matches()) {
            return "invalid registry domain " + quote(domain) + ": expected a host name, an IPv4 address or [IPv6 address], and an optional :port";
        }
        if (path.isEmpty()) {
            return "the repository path is missing";
        }
        for (String component : path.split("/", -1)) {
            if (component.isEmpty()) {
                return "the repository path " + quote(path) + " has an empty component (leading, trailing or double '/')";
            }
            if (!PATH_COMPONENT.matcher(component).matches()) {
                if (PATH_COMPONENT.matcher(component.toLowerCase(Locale.ROOT)).matches()) {
                    return "the repository name must be lowercase (" + quote(component) + ")";
                }
                return "invalid repository path component " + quote(component)
                        + ": expected lowercase letters and digits, separated by '.', '_', '__' or '-'";
            }
        }
        return null;
    }

    private static InvalidReferenceException invalid(String text, String problem) {
        return new InvalidReferenceException("invalid reference " + quote(text) + ": " + problem);
    }

    /** Quotes text from outside for a one-line message: control characters become '?', long text is cut. */
    private static String quote(String s) {
        String cut = s.length() > 100 ? s.substring(0, 100) + "..." : s;
        StringBuilder b = new StringBuilder(cut.length() + 2).append('"');
        cut.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.append('"').toString();
    }
}
