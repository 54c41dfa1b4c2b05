package io.tableload.s3;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.tableload.sandbox.s3.Fault;
import io.tableload.sandbox.s3.FaultProxy;
import io.tableload.sandbox.s3.FaultRule;
import io.tableload.sandbox.s3.S3Server;
import io.tableload.sandbox.s3.S3ServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Loads that fail with known fake secrets, with every logger set to DEBUG before the session
 * opens (the SDK's signer and the HTTP client's header and wire logs included): neither the secret key nor the session token may appear in any log line or
 * in any exception message or stack trace.
 */
@ExtendWith(S3ServerExtension.class)
class S3SessionSecretsTest {
    private static final String SECRET = "fakeSecretKey-7Q2w9E4r6T8y0U1i3O5p";
    private static final String TOKEN = "fakeSessionToken-Z1x2C3v4B5n6M7";
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final List<Runnable> restore = new ArrayList<>();
    private S3Server server;
    private S3Url root;
    private FaultProxy proxy;

    @BeforeEach
    void captureEverything(S3Server server) {
        this.server = server;
        this.root = S3Url.parse("s3://" + server.createUniqueBucket("secrets") + "/s");
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.memory())) {
            s3.put("object.bin", new byte[300_000], PutOptions.defaults());
        }
        proxy = FaultProxy.start(server.endpoint());

        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level [%thread] %logger - %msg%n%ex{full}");
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        // Only the client's side: the sandbox server (S3Proxy and its Jetty) logs what it receives.
        appender.addFilter(new ch.qos.logback.core.filter.Filter<>() {
            @Override
            public ch.qos.logback.core.spi.FilterReply decide(ILoggingEvent event) {
                return event.getLoggerName().startsWith("org.gaul.") ? ch.qos.logback.core.spi.FilterReply.DENY
                        : ch.qos.logback.core.spi.FilterReply.NEUTRAL;
            }
        });
        appender.setEncoder(encoder);
        appender.setOutputStream(logged);
        appender.start();
        Logger rootLogger = context.getLogger(Logger.ROOT_LOGGER_NAME);
        rootLogger.addAppender(appender);
        restore.add(() -> rootLogger.detachAppender(appender));
        for (String name : List.of("org.apache.hc.client5.http.headers", "org.apache.hc.client5.http.wire",
                "software.amazon.awssdk.http.auth.aws.internal.signer.DefaultV4RequestSigner")) {
            context.getLogger(name); // exist before the loop below turns them to DEBUG
        }
        for (Logger logger : context.getLoggerList()) {
            Level before = logger.getLevel();
            logger.setLevel(Level.DEBUG);
            restore.add(() -> logger.setLevel(before));
        }
    }

    @AfterEach
    void stopCapturing() {
        restore.forEach(Runnable::run);
        proxy.close();
    }

    @Test
    void failedLoadsNeverShowTheSecretOrTheSessionToken() {
        List<Throwable> errors = new ArrayList<>();
        S3Credentials fake = new S3Credentials(S3Server.ACCESS_KEY, SECRET, Optional.of(TOKEN));
        S3Settings denied = Sessions.settings(proxy.endpoint()).withCredentials(fake);
        try (S3Session s3 = S3Session.open(denied, root, Destination.temporary())) {
            errors.add(s3.tryGetMany(List.of("object.bin", "missing"), GetOptions.defaults()).failures().get(0).error().orElseThrow());
            errors.add(catching(() -> s3.info("object.bin", GetOptions.defaults())));
            errors.add(catching(() -> s3.listRecursive(List.of(""))));
            errors.add(catching(() -> s3.put("new.txt", "x", PutOptions.defaults())));
        }
        // The same secrets on requests that fail for other reasons: server errors, resets, stalls.
        proxy.inject(FaultRule.share(0.4, Fault.SLOW_DOWN)).inject(FaultRule.share(0.4, Fault.RESET_MID_BODY));
        S3Settings flaky = denied.withRequestTimeout(Duration.ofMillis(300))
                .withRetry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(5)));
        try (S3Session s3 = S3Session.open(flaky, root, Destination.temporary())) {
            errors.add(catching(() -> s3.get("object.bin")));
        }

        assertThat(errors).hasSize(5).doesNotContainNull();
        assertThat(logged.size()).as("DEBUG logging was captured").isPositive();
        String everything = logged.toString(StandardCharsets.UTF_8) + traces(errors) + fake + denied;
        assertThat(everything).doesNotContain(SECRET).doesNotContain(TOKEN);
    }

    private static Throwable catching(Runnable work) {
        try {
            work.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static String traces(List<Throwable> errors) {
        StringWriter out = new StringWriter();
        for (Throwable e : errors) {
            e.printStackTrace(new PrintWriter(out, true));
        }
        return out.toString();
    }
}
