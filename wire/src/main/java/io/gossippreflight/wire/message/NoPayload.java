package io.gossippreflight.wire.message;

import io.gossippreflight.wire.Payload;

/** An empty payload (ECHO_REQ, ECHO_RSP, SCHEMA_PULL_REQ, ...): zero bytes on the wire. */
public enum NoPayload implements Payload {
    INSTANCE
}
