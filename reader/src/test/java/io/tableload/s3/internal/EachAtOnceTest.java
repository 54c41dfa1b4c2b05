package io.tableload.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.TableloadException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EachAtOnceTest {
    @Test
    void theCallsRunAtOnce() {
        CountDownLatch allStarted = new CountDownLatch(5);

        List<Boolean> met = EachAtOnce.map(List.of(1, 2, 3, 4, 5), 8, "test", item -> {
            allStarted.countDown();
            return awaitQuietly(allStarted); // one after another, the first call would wait in vain
        });

        assertThat(met).containsExactly(true, true, true, true, true);
    }

    @Test
    void resultsComeInItemOrderWhateverOrderTheCallsEndIn() {
        List<Integer> results = EachAtOnce.map(List.of(300, 100, 0, 200), 8, "test", millis -> {
            sleep(millis);
            return millis;
        });

        assertThat(results).containsExactly(300, 100, 0, 200);
    }

    @Test
    void theFirstItemsFailureIsThrownAsTheCallThrewIt() {
        assertThatThrownBy(() -> EachAtOnce.map(List.of("ok", "slow failure", "quick failure"), 8, "test", item -> {
            if (item.equals("slow failure")) {
                sleep(200);
            }
            if (item.endsWith("failure")) {
                throw new IllegalStateException(item);
            }
            return item;
        })).isExactlyInstanceOf(IllegalStateException.class).hasMessage("slow failure");
    }

    @Test
    void anInterruptOfTheWaitingThreadEndsTheWaitKeepsTheInterruptAndStopsTheCalls() throws Exception {
        CountDownLatch started = new CountDownLatch(3);
        CountDownLatch stopped = new CountDownLatch(3);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread waiting = new Thread(() -> {
            try {
                EachAtOnce.map(List.of(1, 2, 3), 8, "test", item -> {
                    started.countDown();
                    if (!awaitQuietly(new CountDownLatch(1))) { // a minute-long listing, say
                        stopped.countDown();
                    }
                    return item;
                });
            } catch (RuntimeException e) {
                thrown.set(e);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        waiting.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        waiting.interrupt();

        waiting.join(5_000);
        assertThat(waiting.isAlive()).as("still waiting 5 s after the interrupt").isFalse();
        assertThat(thrown.get()).isInstanceOf(TableloadException.class).hasMessageContaining("interrupted");
        assertThat(stillInterrupted).isTrue();
        assertThat(stopped.await(5, TimeUnit.SECONDS)).as("every call was interrupted too").isTrue();
    }

    @Test
    void oneItemIsCalledOnTheCallersThread() {
        Thread caller = Thread.currentThread();

        assertThat(EachAtOnce.map(List.of("x"), 8, "test", item -> Thread.currentThread() == caller)).containsExactly(true);
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
