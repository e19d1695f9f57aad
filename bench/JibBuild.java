// bench/java.sh's Jib side: jib-core builds a Maven project's target/ (classes, dependency/) on a
// docker-archive base into a docker-archive tar. Run as a single-file program on jib-core's class path:
//   java -cp <jib-core and its dependencies> bench/JibBuild.java BASE.tar PROJECT OUT.tar CACHE MAIN
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.JavaContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

public class JibBuild {
    public static void main(String[] a) throws Exception {
        Path project = Path.of(a[1]);
        List<Path> deps;
        try (var s = Files.list(project.resolve("target/dependency"))) {
            deps = s.sorted().toList();
        }
        Path classes = project.resolve("target/classes");
        JavaContainerBuilder.from(TarImage.at(Path.of(a[0])).named("base"))
                .addResources(classes, p -> !p.toString().endsWith(".class"))
                .addClasses(classes)
                .addDependencies(deps)
                .setMainClass(a[4])
                .toContainerBuilder()
                .containerize(Containerizer.to(TarImage.at(Path.of(a[2])).named("hello-web:jib"))
                        .setBaseImageLayersCache(Path.of(a[3], "base"))
                        .setApplicationLayersCache(Path.of(a[3], "app"))
                        .setOfflineMode(true));
    }
}
