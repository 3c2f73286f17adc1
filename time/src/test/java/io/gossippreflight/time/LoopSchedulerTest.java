package io.gossippreflight.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real loop: runs tasks on its own thread and survives a task that throws. Bounded waits only. */
class LoopSchedulerTest {
    @Test
    void runsTasksOnItsThreadAndSurvivesExceptions() throws Exception {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        LoopScheduler loop = new LoopScheduler("test-loop", errors::add);
        try {
            assertFalse(loop.inLoop());
            loop.execute(() -> {
                throw new IllegalStateException("boom");
            });
            CompletableFuture<Boolean> inLoop = new CompletableFuture<>();
            loop.schedule(Duration.ofMillis(1), () -> inLoop.complete(loop.inLoop()));
            assertTrue(inLoop.get(10, TimeUnit.SECONDS));
            assertEquals(1, errors.size());
            assertEquals("boom", errors.get(0).getMessage());
        } finally {
            loop.shutdown();
            assertTrue(loop.awaitTermination(Duration.ofSeconds(10)));
        }
    }
}
