package io.tableload.sandbox.s3;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension handing tests a running {@link S3Server}: declare a parameter of type
 * {@code S3Server} in a test method, constructor or {@code @BeforeAll}/{@code @BeforeEach}
 * method of a class annotated {@code @ExtendWith(S3ServerExtension.class)}.
 *
 * <p>One transient server is started per test JVM, on first use, and shared by all test classes;
 * it stops when the JVM's test run ends. Tests isolate themselves with
 * {@link S3Server#createUniqueBucket(String)}.
 */
public final class S3ServerExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(S3ServerExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == S3Server.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared(context);
    }

    /** The JVM-wide server, started on first call. */
    public static S3Server shared(ExtensionContext context) {
        // The root store lives for the whole test run, so the server is closed once, at the end.
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("server", k -> new CloseableServer(S3Server.startTransient()),
                        CloseableServer.class)
                .server;
    }

    private record CloseableServer(S3Server server)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }
}
