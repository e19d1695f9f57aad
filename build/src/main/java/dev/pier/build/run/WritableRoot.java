package dev.pier.build.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The root a RUN writes to, over the stage's root which stays as it was; knows what the RUN changed. */
interface WritableRoot extends AutoCloseable {
    /** The directory the container uses as its root. */
    Path path();

    /** What the RUN changed, in layer order; call after the container has exited. */
    List<Change> changes() throws IOException;

    /**
     * Unmounts what this root mounted. The files it made stay in the RUN's scratch directory,
     * which the build removes off its critical path ({@link dev.pier.build.executor.RunStep.Request#workDir()}).
     */
    @Override
    void close() throws IOException;
}
