package io.gossippreflight.probe;

/** The two directions of a path, seen from the checker. Each is probed and judged on its own. */
public enum Direction {
    /** Messages the checker sends: the SYN and ACK2 a joining node sends to its seed. */
    OUTBOUND("us → target"),
    /** Messages the target sends back over its own connection: the ACK a seed answers with. */
    INBOUND("target → us");

    private final String arrow;

    Direction(String arrow) {
        this.arrow = arrow;
    }

    /** "us → target" or "target → us". */
    public String arrow() {
        return arrow;
    }
}
