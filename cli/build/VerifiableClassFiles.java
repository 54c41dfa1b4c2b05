import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites the class files under the given packages of a jar that are older than Java 6 (major
 * version 50) as Java 8 class files, with the stack map frames those carry; every other entry is
 * left as it is. Used on the runnable jar for picocli, which ships Java 5 class files: the JVM
 * cannot verify such classes when it makes the launcher's class-data archive, so every start
 * verified them again with its old type-inference verifier (125 classes for a one-partition load,
 * about a tenth of a short command's CPU). As Java 8 class files they are archived verified.
 *
 * <p>Only the version and the frames change, not one instruction. Each rewritten class is then
 * loaded from the rewritten jar and verified, and the build fails if one does not pass.
 *
 * <p>Usage: {@code java -cp asm.jar VerifiableClassFiles.java JAR PACKAGE_DIR...} (such as {@code picocli}).
 */
public final class VerifiableClassFiles {
    private static final int JAVA_6 = 50;

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        List<String> packages = List.of(args).subList(1, args.length);
        List<String> rewritten = new ArrayList<>();
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            Map<String, byte[]> old = new HashMap<>();
            for (String dir : packages) {
                try (Stream<Path> all = Files.walk(zip.getPath("/", dir))) {
                    for (Path entry : all.filter(p -> p.toString().endsWith(".class")).toList()) {
                        old.put(className(entry), Files.readAllBytes(entry));
                    }
                }
            }
            // The frames name common superclasses, which ASM learns by loading classes: the old ones do.
            ClassLoader hierarchy = new BytesClassLoader(old);
            for (Map.Entry<String, byte[]> c : old.entrySet()) {
                if (majorVersion(c.getValue()) < JAVA_6) {
                    Files.write(zip.getPath("/", c.getKey().replace('.', '/') + ".class"), asJava8(c.getValue(), hierarchy));
                    rewritten.add(c.getKey());
                }
            }
        }
        verify(jar, rewritten);
        System.out.println("rewrote " + rewritten.size() + " class files as Java 8 ones under " + packages);
    }

    private static int majorVersion(byte[] classFile) {
        return (classFile[6] & 0xff) << 8 | classFile[7] & 0xff;
    }

    private static byte[] asJava8(byte[] classFile, ClassLoader hierarchy) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return hierarchy;
            }
        };
        ClassVisitor newVersion = new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        };
        new ClassReader(classFile).accept(newVersion, 0);
        return writer.toByteArray();
    }

    /**
     * Loads and links every rewritten class from the rewritten jar; linking verifies (classes from
     * a class loader other than the JDK's are always verified).
     */
    private static void verify(Path jar, List<String> classes) throws Exception {
        try (URLClassLoader rewritten = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            for (String name : classes) {
                try {
                    Class.forName(name, true, rewritten);
                } catch (VerifyError e) {
                    throw new IllegalStateException("the rewritten " + name + " does not verify: " + e.getMessage(), e);
                } catch (ExceptionInInitializerError | NoClassDefFoundError e) {
                    // verified and linked; what its initializer needs is beside the point here
                }
            }
        }
    }

    private static String className(Path entry) {
        String path = entry.toString().substring(1);
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }

    /** Defines classes from their class files, for ASM's questions about superclasses. */
    private static final class BytesClassLoader extends ClassLoader {
        private final Map<String, byte[]> classFiles;

        BytesClassLoader(Map<String, byte[]> classFiles) {
            super(ClassLoader.getPlatformClassLoader());
            this.classFiles = classFiles;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classFiles.get(name);
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
