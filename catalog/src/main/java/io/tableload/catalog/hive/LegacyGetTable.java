package io.tableload.catalog.hive;

import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolUtil;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;

/**
 * {@code get_table(dbname, tbl_name)} of Hive 2.x/3.x metastores, which the Hive 4 stubs no
 * longer generate; written against the protocol, with the same wire format as the old stub.
 */
final class LegacyGetTable {
    private static final String METHOD = "get_table";

    private LegacyGetTable() {
    }

    static Table call(ThriftHiveMetastore.Client client, String db, String table) throws TException {
        TProtocol out = client.getOutputProtocol();
        out.writeMessageBegin(new TMessage(METHOD, TMessageType.CALL, 0));
        out.writeStructBegin(new TStruct("get_table_args"));
        out.writeFieldBegin(new TField("dbname", TType.STRING, (short) 1));
        out.writeString(db);
        out.writeFieldEnd();
        out.writeFieldBegin(new TField("tbl_name", TType.STRING, (short) 2));
        out.writeString(table);
        out.writeFieldEnd();
        out.writeFieldStop();
        out.writeStructEnd();
        out.writeMessageEnd();
        out.getTransport().flush();

        TProtocol in = client.getInputProtocol();
        TMessage message = in.readMessageBegin();
        if (message.type == TMessageType.EXCEPTION) {
            TApplicationException e = TApplicationException.readFrom(in);
            in.readMessageEnd();
            throw e;
        }
        Table result = null;
        TException declared = null;
        in.readStructBegin();
        while (true) {
            TField field = in.readFieldBegin();
            if (field.type == TType.STOP) {
                break;
            }
            if (field.id == 0 && field.type == TType.STRUCT) {
                result = new Table();
                result.read(in);
            } else if (field.id == 1 && field.type == TType.STRUCT) {
                MetaException e = new MetaException();
                e.read(in);
                declared = e;
            } else if (field.id == 2 && field.type == TType.STRUCT) {
                NoSuchObjectException e = new NoSuchObjectException();
                e.read(in);
                declared = e;
            } else {
                TProtocolUtil.skip(in, field.type);
            }
            in.readFieldEnd();
        }
        in.readStructEnd();
        in.readMessageEnd();
        if (declared != null) {
            throw declared;
        }
        if (result == null) {
            throw new TApplicationException(TApplicationException.MISSING_RESULT, "get_table failed: unknown result");
        }
        return result;
    }
}
