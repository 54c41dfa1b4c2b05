package io.tableload.load;

import java.util.Iterator;

/** An iterator over a resource (open files); close it when done, also when stopping early. */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
    @Override
    void close();
}
