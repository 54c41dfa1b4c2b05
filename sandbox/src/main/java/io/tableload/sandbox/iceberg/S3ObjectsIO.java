package io.tableload.sandbox.iceberg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.inmemory.InMemoryInputFile;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Iceberg's file access over an S3 client, whole objects at a time: reads fetch an object into
 * memory, writes upload it when closed. Enough for the small tables tests write, without the
 * dependencies of Iceberg's own S3 module.
 */
final class S3ObjectsIO implements FileIO {
    private static final long serialVersionUID = 1L;

    private final transient S3Client s3;

    S3ObjectsIO(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public InputFile newInputFile(String path) {
        return new ObjectInputFile(path);
    }

    @Override
    public OutputFile newOutputFile(String path) {
        return new ObjectOutputFile(path);
    }

    @Override
    public void deleteFile(String path) {
        URI uri = URI.create(path);
        s3.deleteObject(b -> b.bucket(uri.getHost()).key(uri.getPath().substring(1)));
    }

    @Override
    public void close() {
        s3.close();
    }

    private byte[] read(String path) {
        URI uri = URI.create(path);
        try {
            return s3.getObjectAsBytes(b -> b.bucket(uri.getHost()).key(uri.getPath().substring(1))).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new NotFoundException(e, "no object at %s", path);
        }
    }

    /** An object read whole, on first use. */
    private final class ObjectInputFile implements InputFile {
        private final String path;
        private InMemoryInputFile read;

        ObjectInputFile(String path) {
            this.path = path;
        }

        private InMemoryInputFile read() {
            if (read == null) {
                read = new InMemoryInputFile(path, S3ObjectsIO.this.read(path));
            }
            return read;
        }

        @Override
        public long getLength() {
            return read().getLength();
        }

        @Override
        public SeekableInputStream newStream() {
            return read().newStream();
        }

        @Override
        public String location() {
            return path;
        }

        @Override
        public boolean exists() {
            try {
                read();
                return true;
            } catch (NotFoundException e) {
                return false;
            }
        }
    }

    /** An object written to memory, then uploaded whole when its stream closes. */
    private final class ObjectOutputFile implements OutputFile {
        private final String path;

        ObjectOutputFile(String path) {
            this.path = path;
        }

        @Override
        public PositionOutputStream create() {
            return createOrOverwrite();
        }

        @Override
        public PositionOutputStream createOrOverwrite() {
            URI uri = URI.create(path);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            return new PositionOutputStream() {
                private boolean closed;

                @Override
                public long getPos() {
                    return bytes.size();
                }

                @Override
                public void write(int b) {
                    bytes.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    bytes.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    if (!closed) {
                        closed = true;
                        s3.putObject(r -> r.bucket(uri.getHost()).key(uri.getPath().substring(1)),
                                RequestBody.fromBytes(bytes.toByteArray()));
                    }
                }
            };
        }

        @Override
        public String location() {
            return path;
        }

        @Override
        public InputFile toInputFile() {
            return newInputFile(path);
        }
    }
}
