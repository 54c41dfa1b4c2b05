package io.tableload.sandbox.hms;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * A Hadoop {@link FileSystem} for the {@code s3}, {@code s3a} and {@code s3n} schemes that stores
 * nothing. The sandbox metastore only needs {@code mkdirs} and "does this directory exist" to
 * succeed so tables and partitions may point at {@code s3://} locations; the data itself lives in
 * the S3 server, which the metastore never reads. Every path is reported as an existing, empty
 * directory. Public only because Hadoop instantiates it by class name.
 */
public final class NoopS3FileSystem extends FileSystem {
    private URI uri;
    private Path workingDirectory = new Path("/");

    @Override
    public void initialize(URI name, org.apache.hadoop.conf.Configuration conf) throws IOException {
        super.initialize(name, conf);
        this.uri = URI.create(name.getScheme() + "://" + (name.getAuthority() == null ? "" : name.getAuthority()));
    }

    @Override
    public String getScheme() {
        return uri == null ? "s3" : uri.getScheme();
    }

    @Override
    public URI getUri() {
        return uri;
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        throw new FileNotFoundException("the sandbox metastore keeps no data: " + f);
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
            short replication, long blockSize, Progressable progress) throws IOException {
        throw new IOException("the sandbox metastore keeps no data: " + f);
    }

    @Override
    public FSDataOutputStream append(Path f, int bufferSize, Progressable progress) throws IOException {
        throw new IOException("the sandbox metastore keeps no data: " + f);
    }

    @Override
    public boolean rename(Path src, Path dst) {
        return true;
    }

    @Override
    public boolean delete(Path f, boolean recursive) {
        return true;
    }

    @Override
    public FileStatus[] listStatus(Path f) {
        return new FileStatus[0];
    }

    @Override
    public void setWorkingDirectory(Path newDir) {
        workingDirectory = newDir;
    }

    @Override
    public Path getWorkingDirectory() {
        return workingDirectory;
    }

    @Override
    public boolean mkdirs(Path f, FsPermission permission) {
        return true;
    }

    @Override
    public FileStatus getFileStatus(Path f) {
        return new FileStatus(0, true, 1, 0, 0, makeQualified(f));
    }
}
