package dev.pier.analyze.scan;

/** The checks {@code pier scan} runs, with their ids and descriptions (for SARIF). */
public enum Rule {
    RUNS_AS_ROOT("runs-as-root", "The image runs as root: no USER, or USER 0/root."),
    SETUID("setuid-executable", "An executable has the setuid or setgid bit."),
    WORLD_WRITABLE("world-writable", "A file, or a directory without the sticky bit, is writable by everyone."),
    PRIVATE_KEY("secret-private-key", "A PEM private key."),
    AWS_KEY("secret-aws-access-key", "An AWS access key id (AKIA...)."),
    GITHUB_TOKEN("secret-github-token", "A GitHub token (ghp_, gho_, ghu_, ghs_, ghr_)."),
    GENERIC_SECRET("secret-generic", "A password, token or secret assigned in the environment or a file."),
    DOTENV("secret-dotenv-file", "A .env file, which usually holds secrets."),
    CREDIT_CARD("secret-credit-card", "A credit card number (Luhn-valid).");

    private final String id;
    private final String description;

    Rule(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }
}
