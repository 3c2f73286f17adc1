package io.gossippreflight.probe.watch;

import static io.gossippreflight.probe.watch.WatchReports.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.probe.check.CheckOptions;
import io.gossippreflight.probe.check.TargetReport;
import io.gossippreflight.probe.check.TargetSpec;
import io.gossippreflight.time.SimScheduler;
import io.gossippreflight.time.SimulatedTime;
import io.gossippreflight.verdict.PathStatus;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The watch loop on a simulated clock: each check takes 2 s, the interval is 60 s. */
class WatcherTest {
    private static final TargetSpec T = new TargetSpec("198.18.1.2", 7000);
    private static final Duration CHECK = Duration.ofSeconds(2);
    private final SimulatedTime time = new SimulatedTime(1_000_000L);
    private final SimScheduler loop = time.newScheduler("watch");
    private final List<WatchEvent> events = new ArrayList<>();
    private final List<CheckOptions> asked = new ArrayList<>();
    private final List<Long> startedAt = new ArrayList<>();
    /** What the path answers, one per check; a null entry fails the check. */
    private final Deque<TargetReport> path = new ArrayDeque<>();

    private Watcher watcher() {
        return new Watcher(List.of(T), CheckOptions.defaults(), Duration.ofSeconds(60), false, loop,
                new SplittableRandom(7), (t, o) -> {
                    asked.add(o);
                    startedAt.add(loop.clock().nanoTime());
                    TargetReport r = path.removeFirst();
                    CompletableFuture<TargetReport> f = new CompletableFuture<>();
                    loop.schedule(CHECK, () -> {
                        if (r == WatchReports.FAILED) {
                            f.completeExceptionally(new IllegalStateException("no epoll"));
                        } else {
                            f.complete(r);
                        }
                    });
                    return f;
                }, events::add);
    }

    @Test
    void firstFullThenQuickWhileNothingChanges() {
        for (int i = 0; i < 4; i++) {
            path.add(report(PathStatus.BLACK_HOLE, 1422));
        }
        Watcher w = watcher();
        w.start();
        time.advanceUntil(() -> w.rounds() == 4, Duration.ofMinutes(5));
        assertEquals(4, events.size());
        assertEquals(WatchEvent.Kind.FULL, events.get(0).kind());
        assertTrue(events.get(0).isFirst());
        assertFalse(events.get(0).changed());
        for (int i = 1; i < 4; i++) {
            assertEquals(WatchEvent.Kind.QUICK, events.get(i).kind());
            assertTrue(events.get(i).adopted());
            assertFalse(events.get(i).changed());
            assertFalse(events.get(i).isFirst());
            assertEquals(1422, asked.get(i).hint().outbound());
            assertEquals(WatchPolicy.QUICK_LADDER, asked.get(i).ladder());
        }
        assertEquals(CheckOptions.defaults().ladder(), asked.get(0).ladder());
        assertEquals(CHECK, events.get(1).duration());
        // rounds start a jittered minute after the previous one ended, never in step
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < startedAt.size(); i++) {
            long gap = startedAt.get(i) - startedAt.get(i - 1) - CHECK.toNanos();
            assertTrue(gap >= Duration.ofSeconds(54).toNanos() && gap <= Duration.ofSeconds(66).toNanos(), "gap " + gap);
            gaps.add(gap);
        }
        assertTrue(gaps.stream().distinct().count() > 1, "jittered: " + gaps);
    }

    @Test
    void aChangeSeenByAQuickCheckIsConfirmedByAFullOneBeforeItCounts() {
        path.add(report(PathStatus.HEALTHY, 9001));
        path.add(report(PathStatus.BLACK_HOLE, 1422)); // quick: changed
        path.add(report(PathStatus.BLACK_HOLE, 1422)); // full: confirmed
        Watcher w = watcher();
        w.start();
        time.advanceUntil(() -> w.rounds() == 2, Duration.ofMinutes(5));
        assertEquals(3, events.size());
        WatchEvent quick = events.get(1);
        assertEquals(WatchEvent.Kind.QUICK, quick.kind());
        assertFalse(quick.adopted());
        WatchEvent full = events.get(2);
        assertEquals(WatchEvent.Kind.FULL, full.kind());
        assertTrue(full.changed());
        assertEquals(PathStatus.HEALTHY, full.previous().outbound().status());
        assertEquals(CheckOptions.defaults().ladder(), asked.get(2).ladder());
        loop.execute(() -> assertEquals(PathStatus.BLACK_HOLE, w.verdict(T).outbound().status()));
        time.runDueTasks();
    }

    @Test
    void aQuickCheckTheFullOneContradictsChangesNothing() {
        TargetReport healthy = report(PathStatus.HEALTHY, 9001);
        path.add(healthy);
        path.add(report(PathStatus.RANDOM_LOSS, null)); // quick: a fluke
        TargetReport again = report(PathStatus.HEALTHY, 9001);
        path.add(again);
        Watcher w = watcher();
        w.start();
        time.advanceUntil(() -> w.rounds() == 2, Duration.ofMinutes(5));
        assertEquals(3, events.size());
        assertTrue(events.get(2).adopted());
        assertFalse(events.get(2).changed());
        assertNull(events.get(2).previous());
        loop.execute(() -> assertSame(again, w.verdict(T)));
        time.runDueTasks();
    }

    @Test
    void aCheckThatCannotRunKeepsTheLastVerdict() {
        TargetReport healthy = report(PathStatus.HEALTHY, 9001);
        path.add(healthy);
        path.add(WatchReports.FAILED);
        path.add(report(PathStatus.HEALTHY, 9001));
        Watcher w = watcher();
        w.start();
        time.advanceUntil(() -> w.rounds() == 3, Duration.ofMinutes(5));
        assertEquals("no epoll", events.get(1).error());
        assertFalse(events.get(1).adopted());
        assertEquals(WatchEvent.Kind.QUICK, events.get(2).kind(), "still quick: the last verdict stands");
        w.stop();
        time.advance(Duration.ofMinutes(5));
        assertEquals(3, events.size(), "nothing after stop");
    }

    @Test
    void stopsByItselfAfterTheRoundsAsked() {
        for (int i = 0; i < 3; i++) {
            path.add(report(PathStatus.HEALTHY, 9001));
        }
        Watcher w = watcher().rounds(2);
        w.start();
        time.advanceUntil(() -> w.finished().isDone(), Duration.ofMinutes(5));
        assertEquals(2, w.rounds());
        time.advance(Duration.ofMinutes(5));
        assertEquals(2, events.size());
    }

    @Test
    void stopBetweenRoundsFinishesAtOnceAndDuringOneAfterIt() {
        path.add(report(PathStatus.HEALTHY, 9001));
        Watcher w = watcher();
        w.start();
        time.advance(Duration.ofSeconds(1)); // the first check is under way
        w.stop();
        time.runDueTasks();
        assertFalse(w.finished().isDone(), "the check under way finishes first");
        time.advance(Duration.ofSeconds(2));
        assertTrue(w.finished().isDone());
        assertEquals(1, events.size());
    }
}
