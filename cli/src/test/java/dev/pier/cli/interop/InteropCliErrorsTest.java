package dev.pier.cli.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A missing image, an unknown transport or a malformed reference: exit status 1 and one line on
 * stderr starting with {@code pier: } that names the culprit, no stack trace.
 */
class InteropCliErrorsTest {
    @TempDir
    static Path work;

    static Path layout;
    static PierCli pier;

    @BeforeAll
    static void images() throws IOException {
        layout = InteropImages.umoci(work);
        pier = new PierCli(work.resolve("store"));
        pier.check("copy", "oci:" + layout + ":" + InteropImages.BUSYBOX, "busybox");
    }

    /** {@code LAYOUT} stands for the umoci layout, {@code WORK} for a scratch directory; the part after {@code |} must be in the message. */
    @ParameterizedTest
    @ValueSource(strings = {
        // missing images
        "inspect oci:LAYOUT:nosuchref|nosuchref",
        "inspect nosuchimage|image not known: nosuchimage",
        "inspect example.org/team/nosuch:1.0|example.org/team/nosuch:1.0",
        "unpack nosuchimage WORK/unpacked|nosuchimage",
        "copy oci:LAYOUT:nosuchref oci:WORK/out|nosuchref",
        "inspect oci:WORK/no-layout-here|WORK/no-layout-here",
        "inspect oci-archive:WORK/missing.tar|WORK/missing.tar",
        "inspect docker-archive:WORK/missing.tar|WORK/missing.tar",
        "inspect dir:WORK/missing-dir|WORK/missing-dir",
        "rmi nosuchimage|nosuchimage",
        "tag nosuchimage other:1|nosuchimage",
        // transports that do not exist or are not supported
        "inspect nosuch://busybox|unknown transport \"nosuch\"",
        "inspect docker-daemon:busybox|docker-daemon",
        "copy oci:LAYOUT:busybox containers-storage:busybox|containers-storage",
        "inspect oci:|missing path",
        // malformed references
        "inspect UPPER/Case|invalid reference \"UPPER/Case\"",
        "inspect busybox:bad:tag|invalid reference \"busybox:bad:tag\"",
        "copy busybox Bad!Name|invalid reference \"Bad!Name\"",
        "inspect 0123456789ab|0123456789ab",
        "tag busybox bad..name|bad..name",
        "copy busybox docker-archive:WORK/x.tar:name@sha256:0000000000000000000000000000000000000000000000000000000000000000|tag",
    })
    void oneLineOnStderrAndExitOne(String spec) {
        String[] parts = spec.split("\\|");
        String[] args = parts[0].replace("LAYOUT", layout.toString()).replace("WORK", work.toString()).split(" ");
        String culprit = parts[1].replace("WORK", work.toString());

        PierCli.Result r = pier.run(args);

        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("pier: ").contains(culprit).doesNotContain("Exception", "\tat ", "internal error");
        assertThat(r.err().strip().lines()).as("lines on stderr").hasSize(1);
        assertThat(r.out()).isEmpty();
    }
}
