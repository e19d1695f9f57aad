package dev.pier.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.build.dockerfile.Instruction.*;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerfileParserTest {
    private static Dockerfile parse(String text) {
        return DockerfileParser.parse("Dockerfile", text);
    }

    private static Instruction only(String text) {
        List<Instruction> all = parse(text).instructions();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    @Test
    void directivesAndComments() {
        Dockerfile d = parse("# syntax=docker/dockerfile:1\n# escape=`\n# a comment\nFROM a\n# pier-lint ignore=DL3000\nRUN echo `\n  hi\n");
        assertThat(d.directives()).containsEntry("syntax", "docker/dockerfile:1");
        assertThat(d.escape()).isEqualTo('`');
        assertThat(d.comments()).extracting(Comment::line).containsExactly(3, 5);
        Run run = (Run) d.instructions().get(1);
        assertThat(run.location().comments()).containsExactly("pier-lint ignore=DL3000");
        assertThat(run.location().line()).isEqualTo(6);
        assertThat(run.location().endLine()).isEqualTo(7);
        assertThat(run.location().text()).isEqualTo("RUN echo `\n  hi");
        assertThat(run.command()).isEqualTo(new CommandForm.Shell("echo   hi"));
    }

    @Test
    void directiveAfterInstructionIsAComment() {
        Dockerfile d = parse("FROM a\n# escape=`\n");
        assertThat(d.escape()).isEqualTo('\\');
        assertThat(d.directives()).isEmpty();
        assertThat(d.comments()).extracting(Comment::text).containsExactly("escape=`");
    }

    @Test
    void continuationsSkipCommentAndBlankLines() {
        Run run = (Run) parse("FROM a\nRUN a \\\n# inner\n\n  b \\\n  c\n").instructions().get(1);
        assertThat(run.command()).isEqualTo(new CommandForm.Shell("a   b   c"));
        assertThat(run.location().endLine()).isEqualTo(6);
    }

    @Test
    void instructionsAreCaseInsensitive() {
        assertThat(only("from busybox as Build")).isEqualTo(new From(((From) only("from busybox as Build")).location(),
                List.of(), "busybox", "Build"));
        assertThat(parse("FROM a AS Build").stages().get(0).name()).contains("build");
    }

    @Test
    void fromWithPlatformAndStages() {
        Dockerfile d = parse("ARG V=1\nFROM --platform=$BUILDPLATFORM golang:${V} AS build\nRUN x\nFROM scratch\nCOPY --from=build /a /a\n");
        assertThat(d.globalArgs()).hasSize(1);
        From f = (From) d.instructions().get(1);
        assertThat(f.flag("platform")).contains("$BUILDPLATFORM");
        assertThat(f.image()).isEqualTo("golang:${V}");
        assertThat(d.stages()).hasSize(2);
        assertThat(d.stages().get(1).instructions()).hasSize(1);
        assertThat(d.stage("build")).isPresent();
        assertThat(d.stage("1").orElseThrow().from().image()).isEqualTo("scratch");
    }

    @Test
    void execAndShellForms() {
        assertThat(((Cmd) only("CMD [\"a\", \"b c\"]")).command()).isEqualTo(new CommandForm.Exec(List.of("a", "b c")));
        assertThat(((Entrypoint) only("ENTRYPOINT a b")).command()).isEqualTo(new CommandForm.Shell("a b"));
        assertThat(((Cmd) only("CMD [\"a\", 1]")).command()).isInstanceOf(CommandForm.Shell.class);
        assertThat(new CommandForm.Shell("x").argv(List.of("/bin/sh", "-c"))).containsExactly("/bin/sh", "-c", "x");
        assertThat(((Shell) only("SHELL [\"/bin/bash\", \"-c\"]")).shell()).containsExactly("/bin/bash", "-c");
    }

    @Test
    void envBothForms() {
        assertThat(((Env) only("ENV a=1 b=\"x y\" c=z\\ w")).pairs()).containsExactly(
                new KeyValue("a", "1"), new KeyValue("b", "\"x y\""), new KeyValue("c", "z\\ w"));
        assertThat(((Env) only("ENV a b c")).pairs()).containsExactly(new KeyValue("a", "b c"));
        assertThat(((Label) only("LABEL \"com.x\"=\"y\" k=v")).pairs()).hasSize(2);
    }

    @Test
    void argsWithDefaults() {
        assertThat(((Arg) only("ARG a b=2 c=\"x y\"")).args()).containsExactly(
                new ArgDecl("a", null), new ArgDecl("b", "2"), new ArgDecl("c", "\"x y\""));
    }

    @Test
    void runFlags() {
        Run run = (Run) only("RUN --mount=type=cache,target=/root/.m2 --mount=type=secret,id=tok --network=none mvn x");
        assertThat(run.mounts()).containsExactly("type=cache,target=/root/.m2", "type=secret,id=tok");
        assertThat(run.flag("network")).contains("none");
        assertThat(run.command()).isEqualTo(new CommandForm.Shell("mvn x"));
    }

    @Test
    void copyAndAddFlags() {
        Copy c = (Copy) only("COPY --from=build --chown=app:app --chmod=644 --link a b /dst/");
        assertThat(c.from()).contains("build");
        assertThat(c.chown()).contains("app:app");
        assertThat(c.chmod()).contains("644");
        assertThat(c.link()).isTrue();
        assertThat(c.sources()).containsExactly("a", "b");
        assertThat(c.destination()).isEqualTo("/dst/");
        Add a = (Add) only("ADD --checksum=sha256:abc http://x/y /y");
        assertThat(a.checksum()).contains("sha256:abc");
        assertThat(((Copy) only("COPY [\"a b\", \"/c d\"]")).sources()).containsExactly("a b");
    }

    @Test
    void heredocs() {
        Dockerfile d = parse("FROM a\nRUN <<EOF\necho hi\nEOF\nCOPY <<-\"A\" <<B /dst/\n\t\tline $x\n\tA\nb\nB\nUSER me\n");
        Run run = (Run) d.instructions().get(1);
        assertThat(run.heredocs()).containsExactly(new Heredoc("EOF", "echo hi\n", true, false));
        assertThat(run.location().endLine()).isEqualTo(4);
        Copy c = (Copy) d.instructions().get(2);
        assertThat(c.heredocs()).containsExactly(new Heredoc("A", "line $x\n", false, true), new Heredoc("B", "b\n", true, false));
        assertThat(c.sources()).containsExactly("<<-\"A\"", "<<B");
        assertThat(d.instructions().get(3).location().line()).isEqualTo(10);
    }

    @Test
    void otherInstructions() {
        Dockerfile d = parse("FROM a\nWORKDIR /app\nUSER 1000:1000\nEXPOSE 80 443/udp\nVOLUME [\"/data\", \"/logs\"]\n"
                + "VOLUME /v\nSTOPSIGNAL SIGTERM\nHEALTHCHECK --interval=5s --retries=3 CMD curl -f x\nHEALTHCHECK NONE\n"
                + "ONBUILD COPY . /src\nMAINTAINER Me <me@x>\n");
        List<Instruction> i = d.instructions();
        assertThat(((Workdir) i.get(1)).path()).isEqualTo("/app");
        assertThat(((User) i.get(2)).user()).isEqualTo("1000:1000");
        assertThat(((Expose) i.get(3)).ports()).containsExactly("80", "443/udp");
        assertThat(((Volume) i.get(4)).paths()).containsExactly("/data", "/logs");
        assertThat(((Volume) i.get(5)).paths()).containsExactly("/v");
        assertThat(((StopSignal) i.get(6)).signal()).isEqualTo("SIGTERM");
        Healthcheck h = (Healthcheck) i.get(7);
        assertThat(h.flag("interval")).contains("5s");
        assertThat(h.command()).isEqualTo(new CommandForm.Shell("curl -f x"));
        assertThat(((Healthcheck) i.get(8)).none()).isTrue();
        Onbuild o = (Onbuild) i.get(9);
        assertThat(o.trigger()).isInstanceOf(Copy.class);
        assertThat(o.triggerText()).isEqualTo("COPY . /src");
        assertThat(((Maintainer) i.get(10)).name()).isEqualTo("Me <me@x>");
    }

    @Test
    void errorsNameFileLineAndInstruction() {
        assertThatThrownBy(() -> parse("FROM a\n\nCOPY x\n")).hasMessage(
                "Dockerfile:3: COPY: COPY requires at least two arguments, but only 1 provided. Destination could not be determined");
        assertThatThrownBy(() -> parse("FROM a\nCOPY --bogus=1 a b\n")).hasMessage("Dockerfile:2: COPY: unknown flag: --bogus");
        assertThatThrownBy(() -> parse("FROM a\nFOO bar\n")).hasMessage("Dockerfile:2: FOO: unknown instruction: FOO");
        assertThatThrownBy(() -> parse("FROM a b\n")).hasMessageStartingWith("Dockerfile:1: FROM: FROM requires either one or three");
        assertThatThrownBy(() -> parse("FROM a AS 1x\n")).hasMessageContaining("invalid name for build stage");
        assertThatThrownBy(() -> parse("FROM a\nENV a=1 b\n")).hasMessage(
                "Dockerfile:2: ENV: Syntax error - can't find = in \"b\". Must be of the form: name=value");
        assertThatThrownBy(() -> parse("FROM a\nENV a\n")).hasMessageStartingWith("Dockerfile:2: ENV: ENV must have two arguments");
        assertThatThrownBy(() -> parse("FROM a\nSHELL sh -c\n")).hasMessageStartingWith("Dockerfile:2: SHELL: SHELL requires the arguments to be in JSON form");
        assertThatThrownBy(() -> parse("FROM a\nRUN <<EOF\necho\n")).hasMessage("Dockerfile:2: RUN: unterminated heredoc EOF (no line \"EOF\" ends it)");
        assertThatThrownBy(() -> parse("FROM a\nONBUILD ONBUILD RUN x\n")).hasMessageContaining("Dockerfile:2: ONBUILD: chaining ONBUILD");
        assertThatThrownBy(() -> parse("FROM a\nHEALTHCHECK RUN x\n")).hasMessageContaining("unknown type \"RUN\" in HEALTHCHECK");
        assertThatThrownBy(() -> parse("# escape=x\nFROM a\n")).hasMessageStartingWith("Dockerfile:1: invalid escape directive");
        assertThatThrownBy(() -> parse("FROM a\nWORKDIR\n")).hasMessage("Dockerfile:2: WORKDIR: WORKDIR requires at least one argument");
        assertThatThrownBy(() -> parse("FROM a\nSTOPSIGNAL a b\n")).hasMessage("Dockerfile:2: STOPSIGNAL: STOPSIGNAL requires exactly one argument");
    }

    @Test
    void crlfAndBomAndLeadingWhitespace() {
        Dockerfile d = parse("\uFEFFFROM a\r\n   RUN x \\\r\n y\r\n");
        assertThat(((Run) d.instructions().get(1)).command()).isEqualTo(new CommandForm.Shell("x  y"));
    }
}
