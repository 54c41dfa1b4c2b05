package io.tableload.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectBufferPoolTest {
    private static final int SIZE = 1024;
    private final DirectBufferPool pool = new DirectBufferPool(3 * SIZE);

    @Test
    void aReturnedBufferIsHandedOutAgainClearedInsteadOfANewOne() {
        ByteBuffer first = pool.take(SIZE);
        first.put(new byte[100]).limit(200);
        pool.give(first);

        ByteBuffer second = pool.take(SIZE);

        assertThat(second).isSameAs(first);
        assertThat(second.isDirect()).isTrue();
        assertThat(second.position()).isZero();
        assertThat(second.limit()).isEqualTo(SIZE);
        assertThat(pool.idleBytes()).isZero();
    }

    @Test
    void buffersOfAnotherSizeAreNotMixedUp() {
        pool.give(pool.take(SIZE));

        assertThat(pool.take(SIZE / 2).capacity()).isEqualTo(SIZE / 2);
        assertThat(pool.take(SIZE).capacity()).isEqualTo(SIZE);
    }

    @Test
    void noMoreThanTheCapWaitsIdleAndTheRestIsLeftToTheCollector() {
        List<ByteBuffer> taken = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            taken.add(pool.take(SIZE));
        }
        taken.forEach(pool::give);

        assertThat(pool.idleBytes()).isEqualTo(3 * SIZE);
        List<ByteBuffer> again = List.of(pool.take(SIZE), pool.take(SIZE), pool.take(SIZE), pool.take(SIZE));
        assertThat(again.subList(0, 3)).allMatch(b -> taken.stream().anyMatch(t -> t == b));
        assertThat(taken).noneMatch(t -> t == again.get(3));
    }
}
