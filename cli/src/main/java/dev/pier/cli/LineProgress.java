package dev.pier.cli;

import dev.pier.image.io.ByteSizes;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.transport.CopyListener;
import java.io.PrintWriter;

/** One line per blob, as skopeo prints when stdout is not a terminal. */
record LineProgress(PrintWriter out) implements CopyListener {
    @Override
    public void blobSkipped(Descriptor blob) {
        println("Copying blob " + blob.digest().shortId() + " skipped: already exists");
    }

    @Override
    public void blobCopied(Descriptor blob) {
        println("Copying blob " + blob.digest().shortId() + " done (" + ByteSizes.human(blob.size()) + ")");
    }

    private synchronized void println(String line) {
        out.println(line);
        out.flush();
    }
}
