package io.gossippreflight.wire;

/** A decoded message in either format: 4.0+ (vint header) or pre-4.0 (fixed ints, magic). */
public interface InternodeMessage {
    long id();

    /** Verb name, or VERB_n for an id this module does not know. */
    String verbName();

    Payload payload();
}
