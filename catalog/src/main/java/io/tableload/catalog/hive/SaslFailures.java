package io.tableload.catalog.hive;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;

/**
 * Keeps the first failure of a SASL client's exchange. Thrift's transport reports a failed
 * exchange by message alone ("GSS initiate failed"), dropping the cause that says why
 * ("Server not found in Kerberos database"); the watched client hands Thrift the same failure
 * and keeps it for the error the user sees.
 */
final class SaslFailures {
    private final AtomicReference<SaslException> first = new AtomicReference<>();

    /** {@code client}, with its failures kept here. */
    SaslClient watch(SaslClient client) {
        return new SaslClient() {
            @Override
            public String getMechanismName() {
                return client.getMechanismName();
            }

            @Override
            public boolean hasInitialResponse() {
                return client.hasInitialResponse();
            }

            @Override
            public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
                try {
                    return client.evaluateChallenge(challenge);
                } catch (SaslException e) {
                    first.compareAndSet(null, e);
                    throw e;
                }
            }

            @Override
            public boolean isComplete() {
                return client.isComplete();
            }

            @Override
            public byte[] unwrap(byte[] incoming, int offset, int len) throws SaslException {
                return client.unwrap(incoming, offset, len);
            }

            @Override
            public byte[] wrap(byte[] outgoing, int offset, int len) throws SaslException {
                return client.wrap(outgoing, offset, len);
            }

            @Override
            public Object getNegotiatedProperty(String propName) {
                return client.getNegotiatedProperty(propName);
            }

            @Override
            public void dispose() throws SaslException {
                client.dispose();
            }
        };
    }

    /** The first failure of the exchange, if it failed. */
    Optional<SaslException> first() {
        return Optional.ofNullable(first.get());
    }
}
