package io.gossippreflight.analyzer.pass;

import io.gossippreflight.analyzer.capture.BufferRing;
import io.gossippreflight.analyzer.capture.CaptureFiles;
import io.gossippreflight.analyzer.capture.CaptureFormatException;
import io.gossippreflight.analyzer.capture.PacketSource;
import io.gossippreflight.analyzer.capture.RawPacket;
import io.gossippreflight.analyzer.packet.Packet;
import io.gossippreflight.analyzer.packet.PacketDecoder;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The same pass as {@link CapturePass#run}, on two threads: a reading thread reads the file into
 * a {@link BufferRing} and frames the records, the calling thread decodes headers and tracks
 * flows, ICMP, samples and gossip (header decoding moves to the reading thread while the other
 * one is behind). They trade fixed batches of frames through two bounded queues, so memory does
 * not grow with the capture; the result is the one the single-threaded pass gives.
 */
public final class PipelinedPass {
    static final int BUFFERS = 4;
    static final int BUFFER_SIZE = 1 << 20;
    static final int BATCHES = 8;
    static final int BATCH = 512;
    /** Batches waiting for the analysing thread from which the reading thread decodes them itself. */
    static final int DECODE_WHEN_WAITING = 2;

    /** CPU time of the reading threads that have ended (for --stats). */
    private static final AtomicLong READER_CPU_NANOS = new AtomicLong();

    private PipelinedPass() {
    }

    /** Total CPU time spent by reading threads so far in this JVM. */
    public static long readerCpuNanos() {
        return READER_CPU_NANOS.get();
    }

    /** Frames read (and perhaps decoded), waiting for the analysing thread. */
    private static final class Batch {
        final RawPacket[] raw;
        final Packet[] packets;
        final int[] status;
        int n;
        /** True when the reading thread decoded the frames into {@link #packets} (it had time to spare). */
        boolean decoded;
        /** A buffer the reader has left: give it back once these frames are processed. */
        ByteBuffer release;
        boolean last;
        Throwable failure;

        Batch(int size) {
            raw = new RawPacket[size];
            packets = new Packet[size];
            status = new int[size];
            for (int i = 0; i < size; i++) {
                raw[i] = new RawPacket();
                packets[i] = new Packet();
            }
        }
    }

    /** Reads a capture file; see {@link CapturePass#run} for {@code keepGoing}. */
    public static CaptureResult run(Path path, String name, PointRegistry registry, CapturePass.Limits limits,
            List<TcpPayloadListener> listeners, boolean keepGoing) throws IOException {
        return run(path, path.toString(), name, registry, limits, listeners, keepGoing);
    }

    /** As above, naming the file {@code shown} in messages (what the user gave). */
    public static CaptureResult run(Path path, String shown, String name, PointRegistry registry,
            CapturePass.Limits limits, List<TcpPayloadListener> listeners, boolean keepGoing) throws IOException {
        return run(path, shown, name, registry, limits, listeners, keepGoing, BUFFERS, BUFFER_SIZE, BATCH,
                DECODE_WHEN_WAITING);
    }

    /**
     * With a ring of {@code buffers} buffers of {@code bufferSize} bytes, batches of {@code batch}
     * frames, decoded by the reading thread when {@code decodeWhenWaiting} batches wait (tests).
     */
    static CaptureResult run(Path path, String name, PointRegistry registry, CapturePass.Limits limits,
            List<TcpPayloadListener> listeners, boolean keepGoing, int buffers, int bufferSize, int batch,
            int decodeWhenWaiting) throws IOException {
        return run(path, path.toString(), name, registry, limits, listeners, keepGoing, buffers, bufferSize, batch,
                decodeWhenWaiting);
    }

    private static CaptureResult run(Path path, String shown, String name, PointRegistry registry,
            CapturePass.Limits limits, List<TcpPayloadListener> listeners, boolean keepGoing, int buffers,
            int bufferSize, int batch, int decodeWhenWaiting) throws IOException {
        BufferRing ring = new BufferRing(buffers, bufferSize);
        Reader reader = new Reader(batch, decodeWhenWaiting);
        try (PacketSource source = CaptureFiles.openRing(path, shown, ring, reader::retire)) {
            reader.source = source;
            CapturePass pass = new CapturePass(name, registry, limits, listeners);
            Thread t = new Thread(reader, "preflight-read-" + name);
            t.setDaemon(true);
            t.start();
            Throwable failure;
            boolean done = false;
            try {
                while (true) {
                    Batch b = reader.full.take();
                    if (b.decoded) {
                        for (int i = 0; i < b.n; i++) {
                            pass.process(b.raw[i], b.packets[i], b.status[i]);
                        }
                    } else {
                        for (int i = 0; i < b.n; i++) {
                            pass.accept(b.raw[i]);
                        }
                    }
                    if (b.release != null) {
                        ring.give(b.release);
                        b.release = null;
                    }
                    if (b.last) {
                        failure = b.failure;
                        break;
                    }
                    b.n = 0;
                    reader.empty.add(b);
                }
                done = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("analysis of " + shown + " interrupted");
            } finally {
                if (!done) {
                    t.interrupt(); // the reader may wait for a buffer or a batch that will not come
                }
                join(t);
            }
            String stopped = null;
            if (failure instanceof CaptureFormatException e) {
                if (!keepGoing && !e.cutShort()) {
                    throw e;
                }
                stopped = e.getMessage();
            } else if (failure instanceof IOException e) {
                throw e;
            } else if (failure instanceof RuntimeException e) {
                throw e;
            } else if (failure instanceof Error e) {
                throw e;
            } else if (failure != null) {
                throw new IllegalStateException(failure);
            }
            return pass.finish(source.name(), source.format(), source.interfaces(), stopped);
        }
    }

    private static void join(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                t.interrupt();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The reading thread: frames into batches, decoded; a batch goes out when full or when its buffer is left. */
    private static final class Reader implements Runnable {
        final ArrayBlockingQueue<Batch> empty = new ArrayBlockingQueue<>(BATCHES);
        final ArrayBlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES);
        final PacketDecoder decoder = new PacketDecoder();
        PacketSource source;
        Batch batch;

        final int decodeWhenWaiting;

        Reader(int batchSize, int decodeWhenWaiting) {
            this.decodeWhenWaiting = decodeWhenWaiting;
            for (int i = 0; i < BATCHES; i++) {
                empty.add(new Batch(batchSize));
            }
        }

        @Override
        public void run() {
            long cpu0 = cpuNanos();
            try {
                read();
            } catch (InterruptedException | InterruptedIOException | ClosedByInterruptException e) {
                // cancelled by the analysing thread, which is no longer listening
            } catch (Throwable e) {
                if (batch != null) {
                    batch.failure = e;
                    batch.last = true;
                    batch.decoded = false; // the analysing thread decodes what came before the failure
                    full.add(batch); // never blocks: at most BATCHES batches exist
                }
            } finally {
                READER_CPU_NANOS.addAndGet(cpuNanos() - cpu0);
            }
        }

        private void read() throws IOException, InterruptedException {
            Batch b = empty.take();
            batch = b;
            while (true) {
                RawPacket into = b.raw[b.n];
                boolean more = source.next(into);
                if (batch != b) {
                    // next() left a buffer and handed b over without this frame (the analysing thread
                    // stops before it): it opens the new batch, which may be b itself, given back
                    Batch nb = batch;
                    if (more) {
                        nb.raw[0].copyFrom(into);
                    }
                    b = nb;
                }
                if (!more) {
                    b.last = true;
                    publish(b);
                    return;
                }
                if (++b.n == b.raw.length) {
                    publish(b);
                    b = empty.take();
                    batch = b;
                }
            }
        }

        /**
         * Hands a batch over. Reading (the kernel's copy, mostly) and analysing cost about the
         * same; when the analysing thread is the slower one, batches queue up and this thread
         * spends its waiting time decoding the headers instead.
         */
        private void publish(Batch b) {
            b.decoded = full.size() >= decodeWhenWaiting;
            if (b.decoded) {
                for (int i = 0; i < b.n; i++) {
                    b.status[i] = decoder.decode(b.raw[i], b.packets[i]);
                }
            }
            full.add(b);
        }

        /** Called inside {@code source.next()}: every frame of the batch so far lies in {@code old} or earlier. */
        void retire(ByteBuffer old) {
            Batch b = batch;
            if (b == null) {
                return; // opening the file: nothing handed out yet
            }
            b.release = old;
            publish(b);
            try {
                batch = empty.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                batch = null;
                throw new UncheckedIOException(new InterruptedIOException("capture reading cancelled"));
            }
        }

        private static long cpuNanos() {
            return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        }
    }
}
