package io.gossippreflight.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.node.NodeInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeStoreTest {
    @TempDir
    Path dir;

    @Test
    void generationIsStartTimeAndAlwaysIncreases() {
        NodeStore store = new NodeStore(dir);
        assertEquals(1_700_000_000, store.nextGeneration(1_700_000_000L));
        // restarted a minute later: the clock wins
        assertEquals(1_700_000_060, new NodeStore(dir).nextGeneration(1_700_000_060L));
        // restarted with the clock set back: still increases
        assertEquals(1_700_000_061, new NodeStore(dir).nextGeneration(1_600_000_000L));
        // restarted twice within a second
        assertEquals(1_700_000_062, new NodeStore(dir).nextGeneration(1_700_000_061L));
        assertEquals(1_700_000_062, new NodeStore(dir).lastGeneration().orElseThrow());
    }

    @Test
    void hostIdAndTokensAreChosenOnceThenKept() {
        NodeStore store = new NodeStore(dir);
        UUID id = store.hostId(new Random(1));
        assertEquals(4, id.version());
        List<Long> tokens = store.tokens(16, new Random(1));
        assertEquals(16, tokens.size());
        assertEquals(16, tokens.stream().distinct().count());
        NodeStore again = new NodeStore(dir);
        assertEquals(id, again.hostId(new Random(99)));
        assertEquals(tokens, again.tokens(16, new Random(99)));
    }

    @Test
    void peersRoundTrip() {
        NodeStore store = new NodeStore(dir);
        assertEquals(List.of(), store.peers());
        store.savePeers(List.of("198.18.1.3:7000", "198.18.1.2:7000"));
        assertEquals(List.of("198.18.1.2:7000", "198.18.1.3:7000"), new NodeStore(dir).peers());
    }

    @Test
    void corruptFilesNameTheFileAndTheRemedy() throws IOException {
        Files.writeString(dir.resolve("generation"), "yesterday\n");
        NodeInputException e = assertThrows(NodeInputException.class, () -> new NodeStore(dir).nextGeneration(1));
        assertTrue(e.getMessage().contains(dir.resolve("generation").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("delete it"), e.getMessage());
        Files.writeString(dir.resolve("host-id"), "not-a-uuid");
        assertThrows(NodeInputException.class, () -> new NodeStore(dir).hostId(new Random()));
        Files.write(dir.resolve("peers"), new byte[NodeStore.MAX_FILE_BYTES + 1]);
        assertThrows(NodeInputException.class, () -> new NodeStore(dir).peers());
        assertThrows(NodeInputException.class, () -> new NodeStore(dir).tokens(0, new Random()));
    }
}
