package io.tableload.catalog.hive;

import io.tableload.sandbox.hms.HiveMetastoreSandbox;
import java.util.Map;

/**
 * A private sandbox metastore started with extra settings, a relay in front of it that records
 * the calls, and a catalog talking through the relay. Closing closes all three.
 */
final class WatchedMetastore implements AutoCloseable {
    final HiveMetastoreSandbox hms;
    final MetastoreProxy proxy;
    final HiveMetastoreCatalog catalog;

    private WatchedMetastore(HiveMetastoreSandbox hms) {
        this.hms = hms;
        this.proxy = MetastoreProxy.start(hms.uri());
        this.catalog = Catalogs.open(proxy.uri());
    }

    static WatchedMetastore start(Map<String, String> settings) {
        return new WatchedMetastore(HiveMetastoreSandbox.start(settings));
    }

    @Override
    public void close() {
        catalog.close();
        proxy.close();
        hms.close();
    }
}
