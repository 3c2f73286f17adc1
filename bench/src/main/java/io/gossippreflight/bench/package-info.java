/** Benchmarks of gossip-preflight; run them with {@code make bench}. */
package io.gossippreflight.bench;
