package io.gossippreflight.wire.message;

/**
 * Verb ids of the 4.0+ message header (Cassandra 5.0.9 net/Verb.java; 4.1.10 is identical, 4.0
 * used 42 for _SAMPLE). Messages with an id not listed here keep their raw id and payload bytes.
 */
public enum Verb {
    MUTATION_REQ(0),
    HINT_REQ(1),
    READ_REPAIR_REQ(2),
    READ_REQ(3),
    REQUEST_RSP(4),
    BATCH_STORE_REQ(5),
    BATCH_REMOVE_REQ(6),
    RANGE_REQ(9),
    _TEST_1(10),
    _TEST_2(11),
    GOSSIP_DIGEST_SYN(14),
    GOSSIP_DIGEST_ACK(15),
    GOSSIP_DIGEST_ACK2(16),
    SCHEMA_PUSH_REQ(18),
    TRUNCATE_REQ(19),
    SCHEMA_VERSION_REQ(20),
    REPLICATION_DONE_REQ(22),
    INTERNAL_RSP(23),
    COUNTER_MUTATION_REQ(24),
    SNAPSHOT_REQ(27),
    SCHEMA_PULL_REQ(28),
    GOSSIP_SHUTDOWN(29),
    _TRACE(30),
    ECHO_REQ(31),
    PAXOS_PREPARE_REQ(33),
    PAXOS_PROPOSE_REQ(34),
    PAXOS_COMMIT_REQ(35),
    PING_REQ(37),
    PAXOS2_COMMIT_REMOTE_REQ(38),
    PAXOS2_COMMIT_REMOTE_RSP(39),
    PAXOS2_PREPARE_REQ(40),
    PAXOS2_PREPARE_REFRESH_REQ(41),
    PAXOS2_PROPOSE_REQ(42),
    PAXOS2_COMMIT_AND_PREPARE_REQ(43),
    PAXOS2_REPAIR_REQ(44),
    PAXOS2_CLEANUP_START_PREPARE_REQ(45),
    PAXOS2_CLEANUP_REQ(46),
    PAXOS2_CLEANUP_FINISH_PREPARE_REQ(47),
    PAXOS2_CLEANUP_COMPLETE_REQ(48),
    _SAMPLE(49),
    PAXOS2_PREPARE_RSP(50),
    PAXOS2_PREPARE_REFRESH_RSP(51),
    PAXOS2_PROPOSE_RSP(52),
    PAXOS2_COMMIT_AND_PREPARE_RSP(53),
    PAXOS2_REPAIR_RSP(54),
    PAXOS2_CLEANUP_START_PREPARE_RSP(55),
    PAXOS2_CLEANUP_RSP(56),
    PAXOS2_CLEANUP_RSP2(57),
    PAXOS2_CLEANUP_FINISH_PREPARE_RSP(58),
    PAXOS2_CLEANUP_COMPLETE_RSP(59),
    MUTATION_RSP(60),
    HINT_RSP(61),
    READ_REPAIR_RSP(62),
    READ_RSP(63),
    BATCH_STORE_RSP(65),
    BATCH_REMOVE_RSP(66),
    RANGE_RSP(69),
    TRUNCATE_RSP(79),
    SCHEMA_VERSION_RSP(80),
    REPLICATION_DONE_RSP(82),
    COUNTER_MUTATION_RSP(84),
    SNAPSHOT_RSP(87),
    SCHEMA_PULL_RSP(88),
    ECHO_RSP(91),
    PAXOS_PREPARE_RSP(93),
    PAXOS_PROPOSE_RSP(94),
    PAXOS_COMMIT_RSP(95),
    PING_RSP(97),
    SCHEMA_PUSH_RSP(98),
    FAILURE_RSP(99),
    REPAIR_RSP(100),
    VALIDATION_REQ(101),
    VALIDATION_RSP(102),
    SYNC_REQ(103),
    SYNC_RSP(104),
    PREPARE_MSG(105),
    SNAPSHOT_MSG(106),
    CLEANUP_MSG(107),
    PREPARE_CONSISTENT_REQ(108),
    PREPARE_CONSISTENT_RSP(109),
    FINALIZE_PROPOSE_MSG(110),
    FINALIZE_PROMISE_MSG(111),
    FINALIZE_COMMIT_MSG(112),
    FAILED_SESSION_MSG(113),
    STATUS_REQ(114),
    STATUS_RSP(115);

    private static final Verb[] BY_ID = new Verb[128];

    static {
        for (Verb v : values()) {
            BY_ID[v.id] = v;
        }
    }

    private final int id;

    Verb(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    /** The verb with this id, or null when unknown. */
    public static Verb fromId(long id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[(int) id] : null;
    }

    /** Display name for an id, known or not. */
    public static String nameOf(long id) {
        Verb v = fromId(id);
        return v != null ? v.name() : "VERB_" + id;
    }

    public boolean isGossip() {
        return this == GOSSIP_DIGEST_SYN || this == GOSSIP_DIGEST_ACK || this == GOSSIP_DIGEST_ACK2 || this == GOSSIP_SHUTDOWN;
    }
}
