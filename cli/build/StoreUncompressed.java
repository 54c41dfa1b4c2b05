import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Rewrites the entries of a jar whose names start with the given prefixes as stored (not
 * compressed); every other entry is copied as it is. Used on the runnable jar for DuckDB's native
 * libraries: DuckDB copies its library out of the jar at every start, and inflating 60 MB took
 * about 0.3 s of CPU, where copying stored bytes takes about 30 ms.
 *
 * <p>Usage: {@code java StoreUncompressed.java JAR PREFIX...}
 */
public final class StoreUncompressed {
    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]).toAbsolutePath();
        List<String> prefixes = List.of(args).subList(1, args.length);
        URI uri = URI.create("jar:" + jar.toUri());
        // The zip file system writes new entries uncompressed with this setting and copies the
        // entries it leaves alone byte for byte when it writes the jar back on close.
        try (FileSystem zip = FileSystems.newFileSystem(uri, Map.of("noCompression", true))) {
            List<Path> entries;
            try (Stream<Path> all = Files.list(zip.getPath("/"))) {
                entries = all.filter(p -> prefixes.stream().anyMatch(p.getFileName().toString()::startsWith)).toList();
            }
            for (Path entry : entries) {
                byte[] bytes = Files.readAllBytes(entry);
                Files.delete(entry);
                Files.write(entry, bytes);
                System.out.println("stored uncompressed: " + entry.getFileName() + " (" + bytes.length + " bytes)");
            }
        }
    }
}
