package io.tableload.catalog.hive;

import io.tableload.sandbox.hms.HiveMetastoreSandbox;
import java.util.Map;

/**
 * One metastore per test JVM that evaluates partition filters with JDO only
 * ({@code metastore.try.direct.sql=false}): it rejects filters on integer and date keys, so the
 * catalog's fallback runs for real. It stops with the JVM.
 */
final class JdoMetastore {
    private static HiveMetastoreSandbox instance;

    private JdoMetastore() {
    }

    static synchronized HiveMetastoreSandbox get() {
        if (instance == null) {
            instance = HiveMetastoreSandbox.start(Map.of("metastore.try.direct.sql", "false"));
        }
        return instance;
    }
}
