package io.tableload.sandbox.hms;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.metastore.MetaStorePreEventListener;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.events.PreEventContext;
import org.apache.hadoop.hive.metastore.events.PreReadTableEvent;

/**
 * An authorizer for a sandbox metastore: it refuses every read of a table whose parameter
 * {@value #DENY_READS} is {@code true}, as Hive's authorizers refuse a user without the
 * privilege: a MetaException worded "Permission denied". Install it with
 * {@code HiveMetastoreSandbox.start(Map.of(ReadDenyingListener.SETTING, ReadDenyingListener.class.getName()))}.
 */
public final class ReadDenyingListener extends MetaStorePreEventListener {
    /** The metastore setting that installs pre-event listeners. */
    public static final String SETTING = "metastore.pre.event.listeners";
    /** The table parameter that makes this listener refuse reads of the table. */
    public static final String DENY_READS = "sandbox.deny.reads";

    public ReadDenyingListener(Configuration config) {
        super(config);
    }

    @Override
    public void onEvent(PreEventContext context) throws MetaException {
        if (context instanceof PreReadTableEvent read) {
            Table t = read.getTable();
            if (t != null && t.getParameters() != null && "true".equals(t.getParameters().get(DENY_READS))) {
                throw new MetaException("Permission denied: user [" + System.getProperty("user.name")
                        + "] does not have [SELECT] privilege on [" + t.getDbName() + "/" + t.getTableName() + "]");
            }
        }
    }
}
