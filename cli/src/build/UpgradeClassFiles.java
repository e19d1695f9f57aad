import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Build step of pier.jar (run by the cli module's pom with the JDK's source launcher, never
 * shipped): rewrites the class files older than Java 6 (major version 50) as Java 8 class files
 * with stack maps. picocli is compiled for Java 5, and the JDK's ahead-of-time cache cannot hold
 * such classes: without this step every start of pier parses and verifies picocli's 227 classes
 * with the old verifier and runs them interpreted, which costs about a tenth of a second.
 * The code itself is unchanged; only the class file version and the stack map tables differ.
 *
 * <p>Usage: {@code java UpgradeClassFiles.java JAR}; JAR is replaced atomically.
 */
public final class UpgradeClassFiles {
    private static final int JAVA_6 = 50;
    private static final int JAVA_8 = 52;

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java UpgradeClassFiles.java JAR");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        Path out = jar.resolveSibling(jar.getFileName() + ".upgrading");
        try (URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            // Stack maps need the class hierarchy: the JDK's classes, then the jar's own.
            ClassFile classFile = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                            .orElse(ClassHierarchyResolver.ofResourceParsing(classes))));
            int upgraded = rewrite(jar, out, classFile);
            Files.move(out, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            System.out.println("UpgradeClassFiles: " + upgraded + " class files of " + jar.getFileName() + " upgraded to Java 8");
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static int rewrite(Path jar, Path out, ClassFile classFile) throws IOException {
        int upgraded = 0;
        try (InputStream fileIn = Files.newInputStream(jar);
             ZipInputStream in = new ZipInputStream(fileIn);
             OutputStream fileOut = Files.newOutputStream(out);
             ZipOutputStream zip = new ZipOutputStream(fileOut)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/")) {
                    ClassModel model = classFile.parse(bytes);
                    if (model.majorVersion() < JAVA_6) {
                        bytes = upgrade(classFile, model);
                        upgraded++;
                    }
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());   // keeps the jar reproducible
                zip.putNextEntry(copy);
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        return upgraded;
    }

    /** The same class as a Java 8 class file: the method bodies are rebuilt so stack maps are generated. */
    private static byte[] upgrade(ClassFile classFile, ClassModel model) {
        ClassTransform transform = ClassTransform.dropping(element -> element instanceof ClassFileVersion)
                .andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL))
                .andThen(ClassTransform.endHandler(builder -> builder.withVersion(JAVA_8, 0)));
        return classFile.transformClass(model, transform);
    }
}
