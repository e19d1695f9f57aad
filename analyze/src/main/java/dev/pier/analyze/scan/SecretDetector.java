package dev.pier.analyze.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds secrets in text; matches are reported masked, with a little context and a line number. */
public final class SecretDetector {
    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY)-----");
    private static final Pattern AWS = Pattern.compile("\\b(AKIA[0-9A-Z]{16})\\b");
    private static final Pattern GITHUB = Pattern.compile("\\b(gh[pousr]_[A-Za-z0-9]{36,255})\\b");
    private static final Pattern GENERIC = Pattern.compile(
            "(?i)\\b([A-Z0-9_.-]*(?:password|passwd|token|secret|api[_-]?key)[A-Z0-9_.-]*)\\s*[=:]\\s*[\"']?([^\\s\"']{4,})");
    private static final Pattern CARD = Pattern.compile("\\b((?:4\\d{3}|5[1-5]\\d{2}|3[47]\\d{2}|6011)(?:[ -]?\\d{4}){2}[ -]?\\d{1,4}(?:\\d{0,3}))\\b");

    private SecretDetector() {}

    /** A secret found in text. */
    public record Match(Rule rule, Severity severity, int line, String description) {}

    /** Every secret in {@code text}; {@code generic} also looks for {@code password=...}-style assignments. */
    public static List<Match> scan(String text, boolean generic) {
        List<Match> out = new ArrayList<>();
        find(PRIVATE_KEY, text, m -> out.add(new Match(Rule.PRIVATE_KEY, Severity.CRITICAL, line(text, m.start()), m.group(1))));
        find(AWS, text, m -> {
            boolean withSecret = text.toLowerCase().contains("aws_secret_access_key");
            out.add(new Match(Rule.AWS_KEY, withSecret ? Severity.CRITICAL : Severity.HIGH, line(text, m.start()),
                    "AWS access key " + mask(m.group(1)) + context(text, m.start(), m.end())
                            + (withSecret ? " with an aws_secret_access_key nearby" : "")));
        });
        find(GITHUB, text, m -> out.add(new Match(Rule.GITHUB_TOKEN, Severity.HIGH, line(text, m.start()),
                "GitHub token " + mask(m.group(1)))));
        if (generic) {
            find(GENERIC, text, m -> out.add(new Match(Rule.GENERIC_SECRET, Severity.HIGH, line(text, m.start()),
                    m.group(1) + "=" + mask(m.group(2)))));
        }
        find(CARD, text, m -> {
            String digits = m.group(1).replaceAll("[ -]", "");
            if (digits.length() >= 13 && digits.length() <= 19 && luhn(digits)) {
                out.add(new Match(Rule.CREDIT_CARD, Severity.HIGH, line(text, m.start()), "card number " + mask(digits)));
            }
        });
        return out;
    }

    /** The Luhn checksum of a string of digits. */
    public static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (twice) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** The first four characters and the length: {@code AKIA…(20 chars)}. */
    static String mask(String secret) {
        return secret.substring(0, Math.min(4, secret.length())) + "…(" + secret.length() + " chars)";
    }

    private static String context(String text, int start, int end) {
        int from = Math.max(text.lastIndexOf('\n', start - 1) + 1, start - 30);
        String before = text.substring(from, start).strip();
        return before.isEmpty() ? "" : " after \"" + before.replaceAll("[^\\x20-\\x7e]", "?") + "\"";
    }

    private static int line(String text, int offset) {
        int n = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private static void find(Pattern p, String text, java.util.function.Consumer<Matcher> onMatch) {
        Matcher m = p.matcher(text);
        while (m.find()) {
            onMatch.accept(m);
        }
    }
}
