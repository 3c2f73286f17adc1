package io.gossippreflight.analyzer.capture;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.namednumber.DataLinkType;

/**
 * Captures from a live interface through libpcap (pcap4j), as a {@link PacketSource} that the
 * same analysis reads. {@link #stop()} may be called from any thread (a shutdown hook on
 * Ctrl-C, the probe when it is done); {@link #next} then returns false.
 */
public final class LiveCapture implements PacketSource {
    /** One daemon thread for every capture's deadline; it only calls {@link #stop()}. */
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "live-capture-deadline");
        t.setDaemon(true);
        return t;
    });
    /**
     * @param iface         interface name ("eth0", "any")
     * @param filter        BPF filter, or null for everything
     * @param snapLength    bytes kept per packet
     * @param readTimeoutMs how long one wait for packets may block (stop() is noticed this fast)
     * @param bufferBytes   kernel capture buffer
     */
    public record Options(String iface, String filter, int snapLength, boolean promiscuous, int readTimeoutMs,
            int bufferBytes) {
        public static Options of(String iface, String filter) {
            return new Options(iface, filter, 262_144, false, 100, 32 << 20);
        }
    }

    private final Options options;
    private final PcapHandle handle;
    private final int linkType;
    private volatile boolean stopped;
    private volatile long deadlineNanos = Long.MAX_VALUE;
    private ScheduledFuture<?> timer;
    private long index;

    private LiveCapture(Options options, PcapHandle handle, int linkType) {
        this.options = options;
        this.handle = handle;
        this.linkType = linkType;
    }

    /** Opens the interface and applies the filter; fails with the remedy when it cannot. */
    public static LiveCapture open(Options o) throws CaptureException {
        return Pcap4j.call(() -> doOpen(o));
    }

    private static LiveCapture doOpen(Options o) throws CaptureException {
        PcapHandle h;
        try {
            if (Pcaps.getDevByName(o.iface()) == null) {
                throw new CaptureUsageException("no interface '" + o.iface() + "'; available: " + interfaceNames(), null);
            }
            h = new PcapHandle.Builder(o.iface()).snaplen(o.snapLength())
                    .promiscuousMode(o.promiscuous() ? PcapNetworkInterface.PromiscuousMode.PROMISCUOUS
                            : PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                    .timeoutMillis(o.readTimeoutMs()).bufferSize(o.bufferBytes()).immediateMode(true)
                    .timestampPrecision(PcapHandle.TimestampPrecision.NANO).build();
        } catch (PcapNativeException e) {
            throw openFailure(o.iface(), e);
        }
        try {
            int lt = h.getDlt().value();
            if (o.filter() != null && !o.filter().isBlank()) {
                try {
                    h.setFilter(o.filter(), BpfProgram.BpfCompileMode.OPTIMIZE);
                } catch (NotOpenException e) {
                    throw new CaptureEnvironmentException("libpcap closed the capture on " + o.iface(), e);
                } catch (PcapNativeException e) {
                    throw new CaptureUsageException("bad capture filter '" + o.filter() + "': " + e.getMessage()
                            + " (pcap-filter(7) syntax, e.g. 'tcp port 7000 or icmp')", e);
                }
            }
            return new LiveCapture(o, h, lt);
        } catch (CaptureException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    private static CaptureException openFailure(String iface, PcapNativeException e) {
        String m = String.valueOf(e.getMessage());
        String lower = m.toLowerCase();
        if (lower.contains("permission") || lower.contains("not permitted")) {
            return new CaptureEnvironmentException("no permission to capture on " + iface + " (" + m + "): run as root, or "
                    + "grant the capability: setcap cap_net_raw,cap_net_admin=eip \"$(readlink -f \"$(command -v java)\")\"", e);
        }
        if (lower.contains("no such device") || lower.contains("doesn't exist")) {
            return new CaptureUsageException("no interface '" + iface + "' (" + m + "); available: " + interfaceNames(), e);
        }
        return new CaptureEnvironmentException("cannot capture on " + iface + ": " + m, e);
    }

    /** Interfaces libpcap can open here, or "(unknown)". */
    public static String interfaceNames() {
        try {
            List<String> names = new ArrayList<>();
            for (PcapNetworkInterface i : Pcaps.findAllDevs()) {
                names.add(i.getName());
            }
            return String.join(", ", names);
        } catch (PcapNativeException | RuntimeException | Error e) {
            return "(unknown)";
        }
    }

    /** Checks a BPF filter without opening an interface. */
    public static void checkFilter(String filter, int linkType) throws CaptureException {
        Pcap4j.call(() -> {
            try {
                Pcaps.compileFilter(65_535, DataLinkType.getInstance(linkType), filter, BpfProgram.BpfCompileMode.OPTIMIZE,
                        PcapHandle.PCAP_NETMASK_UNKNOWN).free();
                return null;
            } catch (PcapNativeException e) {
                throw new CaptureUsageException("bad capture filter '" + filter + "': " + e.getMessage()
                        + " (pcap-filter(7) syntax, e.g. 'tcp port 7000 or icmp')", e);
            }
        });
    }

    /**
     * After this instant (System.nanoTime), {@link #next} returns false. A timer breaks libpcap's
     * wait at the deadline: on an idle interface libpcap may block in poll() past its read timeout
     * (immediate mode on Linux), and then no check of the deadline would ever run.
     */
    public synchronized void stopAt(long nanoTime) {
        deadlineNanos = nanoTime;
        if (timer != null) {
            timer.cancel(false);
        }
        timer = TIMERS.schedule(this::stop, Math.max(0, nanoTime - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** Ends the capture; safe from any thread. */
    public void stop() {
        stopped = true;
        try {
            handle.breakLoop();
        } catch (NotOpenException | RuntimeException ignored) {
            // already closed: nothing to interrupt
        }
    }

    public boolean stopped() {
        return stopped || System.nanoTime() >= deadlineNanos;
    }

    @Override
    public boolean next(RawPacket into) throws IOException {
        while (!stopped()) {
            byte[] raw;
            try {
                raw = handle.getNextRawPacketEx();
            } catch (TimeoutException e) {
                continue;
            } catch (EOFException e) {
                return false;
            } catch (PcapNativeException | NotOpenException e) {
                if (stopped) {
                    return false;
                }
                throw new CaptureEnvironmentException("capture on " + options.iface() + " failed: " + e.getMessage(), e);
            }
            if (raw == null) {
                continue;
            }
            Timestamp ts = handle.getTimestamp();
            long nanos = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
            Integer orig = handle.getOriginalLength();
            into.set(ByteBuffer.wrap(raw), 0, raw.length, orig == null || orig < raw.length ? raw.length : orig, linkType,
                    0, nanos, -1);
            into.index = index++;
            return true;
        }
        return false;
    }

    /** Packets the kernel dropped because we were too slow (pcap_stats), or -1. */
    public long dropped() {
        try {
            PcapStat s = handle.getStats();
            return s.getNumPacketsDropped();
        } catch (PcapNativeException | NotOpenException | RuntimeException e) {
            return -1;
        }
    }

    public int linkType() {
        return linkType;
    }

    public int snapLength() {
        return options.snapLength();
    }

    @Override
    public String name() {
        return options.iface();
    }

    @Override
    public List<CaptureInterface> interfaces() {
        return List.of(new CaptureInterface(0, linkType, options.snapLength(), options.iface()));
    }

    @Override
    public String format() {
        return "live";
    }

    @Override
    public void close() {
        stopped = true;
        synchronized (this) {
            if (timer != null) {
                timer.cancel(false);
            }
        }
        handle.close();
    }
}
