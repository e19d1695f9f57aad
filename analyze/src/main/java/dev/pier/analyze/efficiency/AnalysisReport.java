package dev.pier.analyze.efficiency;

import dev.pier.image.digest.Digest;
import java.util.List;

/**
 * What {@code pier analyze} reports about an image.
 *
 * @param image how the image was named
 * @param totalSize sum of the layers' file sizes
 * @param efficiency dive's score, see {@link Efficiency}
 * @param wastedBytes dive's wasted bytes
 * @param userSize sum of the sizes of all layers but the first
 * @param wastedUserPercent wasted bytes over user size (a ratio, 0.1 is 10%)
 * @param layers one summary per layer, base first
 * @param inefficiencies the largest paths seen in several layers
 * @param waste overwritten, deleted and cache bytes
 * @param largestFiles the largest files of the final tree
 * @param largestDirectories the largest directories of the final tree
 */
public record AnalysisReport(String image, long totalSize, double efficiency, long wastedBytes, long userSize,
                             double wastedUserPercent, List<LayerSummary> layers,
                             List<Efficiency.Inefficiency> inefficiencies, Waste waste,
                             List<Largest.PathSize> largestFiles, List<Largest.PathSize> largestDirectories) {

    /** One layer: its digest, the step that made it, sizes and counts of changes. */
    public record LayerSummary(int index, Digest digest, String createdBy, long size, long compressedSize,
                               long added, long modified, long removed) {}
}
