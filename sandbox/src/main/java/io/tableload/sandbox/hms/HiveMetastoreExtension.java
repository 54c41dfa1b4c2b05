package io.tableload.sandbox.hms;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands tests the shared sandbox metastore: declare a {@link HiveMetastoreSandbox} parameter on a
 * test, a constructor or a {@code @BeforeAll} method of a class annotated
 * {@code @ExtendWith(HiveMetastoreExtension.class)}. The metastore starts on first use and lives
 * as long as the test JVM.
 */
public final class HiveMetastoreExtension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == HiveMetastoreSandbox.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return HiveMetastoreSandbox.shared();
    }
}
