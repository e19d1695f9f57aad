package dev.pier.analyze.history;

import static dev.pier.analyze.history.DockerfileReconstructor.instruction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.analyze.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerfileReconstructorTest {
    @Test
    void classicBuilderSteps() {
        assertThat(instruction("/bin/sh -c #(nop)  CMD [\"sh\"]")).isEqualTo("CMD [\"sh\"]");
        assertThat(instruction("/bin/sh -c #(nop) ADD file:6fef7a4ab2de57c438dad76949e7eb87cfb1ea6f45b0f2423f71188efdaa0d8e in / "))
                .isEqualTo("ADD ... /");
        assertThat(instruction("/bin/sh -c #(nop) COPY file:abc in /x ")).isEqualTo("COPY ... /x");
        assertThat(instruction("/bin/sh -c #(nop)  WORKDIR /app")).isEqualTo("WORKDIR /app");
        assertThat(instruction("/bin/sh -c echo hi")).isEqualTo("RUN echo hi");
        assertThat(instruction("|2 A=1 B=2 /bin/sh -c make all")).isEqualTo("RUN make all");
    }

    @Test
    void buildKitSteps() {
        assertThat(instruction("RUN /bin/sh -c apt-get update && apt-get install -y curl # buildkit"))
                .isEqualTo("RUN apt-get update && apt-get install -y curl");
        assertThat(instruction("RUN |1 V=2 /bin/sh -c echo $V # buildkit")).isEqualTo("RUN echo $V");
        assertThat(instruction("COPY app.jar /app/ # buildkit")).isEqualTo("COPY app.jar /app/");
        assertThat(instruction("CMD [\"java\" \"-jar\" \"/app.jar\"]")).isEqualTo("CMD [\"java\", \"-jar\", \"/app.jar\"]");
        assertThat(instruction("EXPOSE map[8080/tcp:{}]")).isEqualTo("EXPOSE 8080/tcp");
        assertThat(instruction("ENV PATH=/usr/local/bin:/usr/bin")).isEqualTo("ENV PATH=/usr/local/bin:/usr/bin");
    }

    @Test
    void unknownStepsBecomeCommentsAndTheBaseIsScratch() {
        String dockerfile = DockerfileReconstructor.reconstruct(List.of(
                Fixtures.history("/bin/sh -c #(nop) ADD file:abc in / ", false),
                Fixtures.history("/bin/sh -c #(nop)  CMD [\"sh\"]", true),
                Fixtures.history("pier import rootfs", false),
                Fixtures.history(null, true)));
        assertThat(dockerfile).isEqualTo("""
                # The base image is not recorded in the history: its own steps follow FROM scratch.
                FROM scratch
                ADD ... /
                CMD ["sh"]
                # pier import rootfs
                # (a step with no recorded command)
                """);
    }
}
