package io.tableload.samples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Gives a file placed straight into S3Proxy's filesystem store the ETag an upload would have had.
 * S3Proxy (jclouds' filesystem blob store) serves a file's ETag from its {@code user.content-md5}
 * extended attribute, which only an upload writes; without it, responses carry no ETag, and
 * clients that insist on one (S3A's change detection, the Transfer Manager) refuse the object.
 */
final class StoreEtags {
    /** The attribute name jclouds writes through {@link UserDefinedFileAttributeView}. */
    private static final String CONTENT_MD5 = "user.content-md5";

    private StoreEtags() {}

    /** Writes the MD5 of {@code file}'s bytes as its ETag attribute. */
    static void tag(Path file) throws IOException {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no MD5", e);
        }
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                md5.update(buffer, 0, n);
            }
        }
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        if (view == null) {
            throw new IOException("the file system of " + file + " has no user attributes, which the S3 store needs for ETags");
        }
        view.write(CONTENT_MD5, ByteBuffer.wrap(md5.digest()));
    }
}
