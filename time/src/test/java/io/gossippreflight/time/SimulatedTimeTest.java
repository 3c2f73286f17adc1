package io.gossippreflight.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimulatedTimeTest {
    private final SimulatedTime time = new SimulatedTime(1_700_000_000_000L);
    private final List<String> log = new ArrayList<>();

    private Runnable note(String s, SimScheduler unused) {
        return () -> log.add(s + "@" + time.elapsed().toMillis());
    }

    @Test
    void nothingRunsUntilTimeAdvancesThenTasksRunInDueOrderTiesBySubmission() {
        SimScheduler a = time.newScheduler("a");
        SimScheduler b = time.newScheduler("b");
        a.schedule(Duration.ofMillis(30), note("a30", a));
        b.schedule(Duration.ofMillis(10), note("b10", b));
        a.schedule(Duration.ofMillis(10), note("a10", a));
        a.execute(note("a0", a));
        assertTrue(log.isEmpty());
        time.advance(Duration.ofMillis(20));
        assertEquals(List.of("a0@0", "b10@10", "a10@10"), log);
        assertEquals(20, time.elapsed().toMillis());
        time.advance(Duration.ofMillis(20));
        assertEquals(List.of("a0@0", "b10@10", "a10@10", "a30@30"), log);
    }

    @Test
    void wallClockFollowsVirtualTimeWithPerSchedulerOffset() {
        SimScheduler skewed = time.newScheduler("skewed", 5_000);
        long wall0 = time.currentTimeMillis();
        time.advance(Duration.ofSeconds(3));
        assertEquals(wall0 + 3_000, time.currentTimeMillis());
        assertEquals(wall0 + 8_000, skewed.clock().currentTimeMillis());
        assertEquals(time.nanoTime(), skewed.clock().nanoTime());
        assertNotEquals(0, time.nanoTime() - 3_000_000_000L, "origin is not zero");
    }

    @Test
    void fixedDelayRepeatsUntilCancelled() {
        SimScheduler a = time.newScheduler("a");
        Cancellable c = a.scheduleWithFixedDelay(Duration.ofSeconds(1), Duration.ofSeconds(1), note("tick", a));
        time.advance(Duration.ofMillis(3_500));
        assertEquals(List.of("tick@1000", "tick@2000", "tick@3000"), log);
        c.cancel();
        time.advance(Duration.ofSeconds(5));
        assertEquals(3, log.size());
    }

    @Test
    void tasksSubmittedByTasksForNowRunInTheSameStep() {
        SimScheduler a = time.newScheduler("a");
        a.schedule(Duration.ofMillis(5), () -> {
            log.add("outer");
            a.execute(() -> log.add("inner@" + time.elapsed().toMillis()));
        });
        time.advance(Duration.ofMillis(5));
        assertEquals(List.of("outer", "inner@5"), log);
    }

    @Test
    void shutdownDropsPendingAndFutureTasks() {
        SimScheduler a = time.newScheduler("a");
        SimScheduler b = time.newScheduler("b");
        a.scheduleWithFixedDelay(Duration.ofSeconds(1), Duration.ofSeconds(1), note("a", a));
        b.scheduleWithFixedDelay(Duration.ofSeconds(1), Duration.ofSeconds(1), note("b", b));
        time.advance(Duration.ofSeconds(1));
        a.shutdown();
        a.execute(note("late", a));
        time.advance(Duration.ofSeconds(2));
        assertEquals(List.of("a@1000", "b@1000", "b@2000", "b@3000"), log);
    }

    @Test
    void pauseDefersTheLoopsTasksUntilItEnds() {
        SimScheduler a = time.newScheduler("a");
        SimScheduler b = time.newScheduler("b");
        a.scheduleWithFixedDelay(Duration.ofSeconds(1), Duration.ofSeconds(1), note("a", a));
        b.scheduleWithFixedDelay(Duration.ofSeconds(1), Duration.ofSeconds(1), note("b", b));
        time.advance(Duration.ofSeconds(1));
        a.pause(Duration.ofMillis(4_500));
        time.advance(Duration.ofSeconds(6));
        assertEquals(List.of("a@1000", "b@1000", "b@2000", "b@3000", "b@4000", "b@5000",
                "a@5500", "b@6000", "a@6500", "b@7000"), log);
    }

    @Test
    void advanceUntilStopsWhenTheConditionHoldsAndFailsAfterMax() {
        SimScheduler a = time.newScheduler("a");
        a.scheduleWithFixedDelay(Duration.ofSeconds(1), Duration.ofSeconds(1), note("t", a));
        Duration took = time.advanceUntil(() -> log.size() >= 3, Duration.ofMinutes(1));
        assertEquals(Duration.ofSeconds(3), took);
        assertEquals(3, log.size());
        assertThrows(AssertionError.class, () -> time.advanceUntil(() -> log.size() >= 100, Duration.ofSeconds(10)));
        assertEquals(13, log.size());
    }

    @Test
    void negativeDelayIsRefused() {
        SimScheduler a = time.newScheduler("a");
        assertThrows(IllegalArgumentException.class, () -> a.schedule(Duration.ofMillis(-1), () -> { }));
        assertThrows(IllegalArgumentException.class,
                () -> a.scheduleWithFixedDelay(Duration.ZERO, Duration.ZERO, () -> { }));
    }

    @Test
    void derivedRandomsAreReproducibleAndIndependent() {
        Random r1 = Randoms.derive(42, "node-1");
        Random r1again = Randoms.derive(42, "node-1");
        Random r2 = Randoms.derive(42, "node-2");
        Random otherSeed = Randoms.derive(43, "node-1");
        long a = r1.nextLong();
        assertEquals(a, r1again.nextLong());
        assertNotEquals(a, r2.nextLong());
        assertNotEquals(a, otherSeed.nextLong());
    }
}
