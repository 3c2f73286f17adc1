package io.gossippreflight.analyzer.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small pcap and pcapng files byte by byte, in either byte order, for reader tests. */
public final class CaptureFileBuilder {
    private CaptureFileBuilder() {
    }

    /** Classic pcap. */
    public static final class Pcap {
        private final ByteOrder order;
        private final boolean nanos;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Pcap(ByteOrder order, boolean nanos, int linkType, int snapLength) {
            this.order = order;
            this.nanos = nanos;
            ByteBuffer g = ByteBuffer.allocate(24).order(order);
            g.putInt(nanos ? 0xa1b23c4d : 0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                    .putInt(snapLength).putInt(linkType);
            out.writeBytes(g.array());
        }

        /** Adds a record; {@code frac} in µs or ns as the file says. */
        public Pcap packet(long seconds, long frac, byte[] frame, int capturedLength, int originalLength) {
            ByteBuffer h = ByteBuffer.allocate(16).order(order);
            h.putInt((int) seconds).putInt((int) frac).putInt(capturedLength).putInt(originalLength);
            out.writeBytes(h.array());
            out.write(frame, 0, Math.min(capturedLength, frame.length));
            return this;
        }

        public Pcap packet(long seconds, long frac, byte[] frame) {
            return packet(seconds, frac, frame, frame.length, frame.length);
        }

        public Pcap raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        public byte[] bytes() {
            return out.toByteArray();
        }

        public Path write(Path p) throws IOException {
            Files.write(p, bytes());
            return p;
        }

        public boolean nanos() {
            return nanos;
        }
    }

    /** pcapng. */
    public static final class PcapNg {
        private final ByteOrder order;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public PcapNg(ByteOrder order) {
            this.order = order;
            section();
        }

        public PcapNg section() {
            ByteBuffer b = ByteBuffer.allocate(16).order(order);
            b.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L);
            block(0x0A0D0D0A, b.array());
            return this;
        }

        /** An interface; {@code tsresol} as the if_tsresol byte (6 = µs, 9 = ns, 0x80|n = 2^-n), or -1 for none. */
        public PcapNg iface(int linkType, int snapLength, int tsresol, String name) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            ByteBuffer h = ByteBuffer.allocate(8).order(order);
            h.putShort((short) linkType).putShort((short) 0).putInt(snapLength);
            body.writeBytes(h.array());
            if (name != null) {
                option(body, 2, name.getBytes(StandardCharsets.UTF_8));
            }
            if (tsresol >= 0) {
                option(body, 9, new byte[] {(byte) tsresol});
            }
            option(body, 0, new byte[0]);
            block(1, body.toByteArray());
            return this;
        }

        private void option(ByteArrayOutputStream body, int code, byte[] value) {
            ByteBuffer h = ByteBuffer.allocate(4).order(order);
            h.putShort((short) code).putShort((short) value.length);
            body.writeBytes(h.array());
            body.writeBytes(value);
            for (int i = value.length; i % 4 != 0; i++) {
                body.write(0);
            }
        }

        /** Enhanced packet block. */
        public PcapNg epb(int ifaceId, long timestampUnits, byte[] frame, int capturedLength, int originalLength) {
            int padded = (capturedLength + 3) & ~3;
            ByteBuffer b = ByteBuffer.allocate(20 + padded).order(order);
            b.putInt(ifaceId).putInt((int) (timestampUnits >>> 32)).putInt((int) timestampUnits)
                    .putInt(capturedLength).putInt(originalLength);
            b.put(frame, 0, Math.min(capturedLength, frame.length));
            block(6, b.array());
            return this;
        }

        public PcapNg epb(int ifaceId, long timestampUnits, byte[] frame) {
            return epb(ifaceId, timestampUnits, frame, frame.length, frame.length);
        }

        public PcapNg spb(byte[] frame) {
            int padded = (frame.length + 3) & ~3;
            ByteBuffer b = ByteBuffer.allocate(4 + padded).order(order);
            b.putInt(frame.length).put(frame);
            block(3, b.array());
            return this;
        }

        /** Any block, e.g. an unknown type the reader must skip. */
        public PcapNg block(int type, byte[] body) {
            int padded = (body.length + 3) & ~3;
            ByteBuffer b = ByteBuffer.allocate(12 + padded).order(order);
            b.putInt(type).putInt(12 + padded).put(body);
            b.position(8 + padded);
            b.putInt(12 + padded);
            out.writeBytes(b.array());
            return this;
        }

        public PcapNg raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        public byte[] bytes() {
            return out.toByteArray();
        }

        public Path write(Path p) throws IOException {
            Files.write(p, bytes());
            return p;
        }
    }
}
