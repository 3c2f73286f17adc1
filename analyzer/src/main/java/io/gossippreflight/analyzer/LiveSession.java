package io.gossippreflight.analyzer;

import io.gossippreflight.analyzer.capture.CaptureException;
import io.gossippreflight.analyzer.capture.LiveCapture;
import io.gossippreflight.analyzer.capture.PcapWriter;
import io.gossippreflight.analyzer.capture.RawPacket;
import io.gossippreflight.analyzer.gossip.GossipStreams;
import io.gossippreflight.analyzer.pass.CapturePass;
import io.gossippreflight.analyzer.pass.CaptureResult;
import io.gossippreflight.analyzer.pass.IcmpEvent;
import io.gossippreflight.analyzer.pass.PointRegistry;
import io.gossippreflight.analyzer.report.AnalysisReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A live capture analysed as it runs, on its own thread: packets stream into the same pass the
 * offline analysis uses, optionally into a pcap file too. The probe starts one around its
 * checks, reads {@link #icmpSoFar()} while it probes, and takes the report at {@link #stop()}.
 */
public final class LiveSession implements AutoCloseable {
    private final LiveCapture capture;
    private final String name;
    private final CapturePass pass;
    private final GossipStreams gossip;
    private final PcapWriter writer;
    private final PointRegistry registry = new PointRegistry();
    private final Analyzer.Options options;
    private final List<IcmpEvent> icmp = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile long packets;
    private volatile Throwable failure;
    private AnalysisReport report;

    private LiveSession(LiveCapture capture, String name, Path writeTo, Analyzer.Options options) throws IOException {
        this.capture = capture;
        this.name = name;
        this.options = options;
        this.gossip = new GossipStreams(options.gossipPort());
        this.pass = new CapturePass(name, registry, options.limits(), List.of(gossip));
        this.pass.onIcmp(icmp::add);
        this.writer = writeTo == null ? null : new PcapWriter(writeTo, capture.linkType(), capture.snapLength());
        this.thread = new Thread(this::run, "preflight-capture-" + name);
        this.thread.setDaemon(true);
    }

    /**
     * Starts capturing now.
     *
     * @param writeTo pcap file to keep (written atomically when the session stops), or null
     */
    public static LiveSession start(LiveCapture capture, String name, Path writeTo, Analyzer.Options options)
            throws IOException {
        LiveSession s = new LiveSession(capture, name, writeTo, options);
        s.thread.start();
        return s;
    }

    private void run() {
        RawPacket raw = new RawPacket();
        try {
            while (capture.next(raw)) {
                if (writer != null) {
                    writer.write(raw);
                }
                pass.accept(raw);
                packets++;
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }

    /** ICMP errors seen so far (safe from any thread). */
    public List<IcmpEvent> icmpSoFar() {
        return List.copyOf(icmp);
    }

    public long packetsSoFar() {
        return packets;
    }

    /** Packets the kernel dropped because we fell behind, or -1. */
    public long dropped() {
        return capture.dropped();
    }

    /** True while the capture thread runs (a --duration or --count may end it by itself). */
    public boolean running() {
        return thread.isAlive();
    }

    /** Waits for the capture to end by itself (deadline), at most {@code millis}. */
    public void await(long millis) throws InterruptedException {
        thread.join(millis);
    }

    /** Stops capturing, finishes the pcap file and returns the analysis. */
    public synchronized AnalysisReport stop() throws IOException {
        if (report != null) {
            return report;
        }
        capture.stop();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        capture.close();
        if (writer != null) {
            if (failure == null) {
                writer.close();
            } else {
                writer.abort();
            }
        }
        if (failure instanceof CaptureException ce) {
            throw ce;
        }
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        CaptureResult r = pass.finish(name, "live", capture.interfaces(), null);
        report = Analyzer.analyze(List.of(r), registry, options, Map.of(name, gossip), null);
        return report;
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
