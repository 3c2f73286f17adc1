package io.gossippreflight.cli.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import io.gossippreflight.node.log.NodeLog;
import io.gossippreflight.node.log.Slf4jNodeLog;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.Slf4JLoggerFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.LoggerFactory;

/**
 * The process's logging, set up once per command: everything (our node, Netty, pcap4j) goes
 * through SLF4J into Logback.
 *
 * <ul>
 * <li>One-off commands (analyze, probe check, lab...): warnings and errors only, on stderr, one
 * line each, a message repeated over and over shown three times; --debug adds INFO, our DEBUG and stack traces.
 * <li>{@code node start}: Cassandra's system.log layout ("INFO  [thread] date File.java:line -
 * message", from Cassandra's conf/logback.xml) in the node's log file, rolled daily and at 50 MB
 * (7 days, 5 GB at most, as Cassandra's defaults), and on stderr in one-line form.
 * </ul>
 * A user's own {@code -Dlogback.configurationFile} wins: then nothing here touches Logback.
 */
public final class Logging {
    /** Cassandra's system.log pattern (conf/logback.xml of Cassandra 5.0). */
    static final String SYSTEM_LOG = "%-5level [%thread] %date{ISO8601} %F:%L - %msg%n";
    static final String ONE_OFF = "preflight: %level %logger{0}: %msg";

    private Logging() {
    }

    /** Logback's start, under way on another thread ({@link #startEarly}); null when not started that way. */
    private static volatile Thread starting;

    /**
     * Starts Logback (SLF4J's binding, its context and default configuration: about a tenth of a
     * second of a one-off run) on another thread, while the caller builds its command line; the
     * first set-up here waits for it. Nothing is logged before a command sets logging up, so only
     * the order of the work changes.
     */
    public static void startEarly() {
        if (userConfigured() || starting != null) {
            return;
        }
        Thread t = new Thread(LoggerFactory::getILoggerFactory, "preflight-logging");
        t.setDaemon(true);
        starting = t;
        t.start();
    }

    /** Waits for {@link #startEarly}'s thread: SLF4J hands a second thread a stand-in factory while it starts. */
    private static void awaitStart() {
        Thread t = starting;
        if (t == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        starting = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** True when the user configured Logback themselves. */
    public static boolean userConfigured() {
        return System.getProperty("logback.configurationFile") != null;
    }

    /** Logging for a one-off command, to {@code err}. */
    public static void oneOff(PrintWriter err, boolean debug) {
        if (userConfigured()) {
            return;
        }
        LoggerContext ctx = reset();
        root(ctx, debug ? Level.INFO : Level.WARN).addAppender(console(ctx, err, debug ? "%-5level %logger{0}: %msg%n"
                : ONE_OFF, debug, true));
        ctx.getLogger("io.gossippreflight").setLevel(debug ? Level.DEBUG : Level.WARN);
    }

    /** The default before any command set it up (Logback's own would be DEBUG on stdout). */
    static void defaults(LoggerContext ctx) {
        root(ctx, Level.WARN).addAppender(console(ctx, new PrintWriter(System.err, true), ONE_OFF, false, true));
    }

    /**
     * Logging for the node process: returns the node's log; closing the returned handle flushes the
     * file and puts the one-off setup back.
     *
     * @param file  the node's log file (node.yaml log_file); rolled beside it
     * @param level the node's --log-level (our messages; libraries stay at WARN unless debug)
     */
    public static NodeHandle node(Path file, NodeLog.Level level, PrintWriter err, boolean debug) throws IOException {
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Files.newBufferedWriter(abs, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
        if (userConfigured()) {
            return new NodeHandle(new Slf4jNodeLog(), () -> { });
        }
        LoggerContext ctx = reset();
        Logger root = root(ctx, debug ? Level.INFO : Level.WARN);
        root.addAppender(console(ctx, err, SYSTEM_LOG, debug, false));
        root.addAppender(rolling(ctx, abs));
        ctx.getLogger("io.gossippreflight").setLevel(Level.toLevel(level.name()));
        return new NodeHandle(new Slf4jNodeLog(), () -> {
            ctx.getLogger(Logger.ROOT_LOGGER_NAME).detachAndStopAllAppenders();
            oneOff(err, debug);
        });
    }

    /** The node's log and what ends it. */
    public record NodeHandle(NodeLog log, AutoCloseable close) {
    }

    private static LoggerContext reset() {
        awaitStart();
        // Netty picks its backend once, at first use: name SLF4J before any Netty class logs
        InternalLoggerFactory.setDefaultFactory(Slf4JLoggerFactory.INSTANCE);
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        // %F:%L names the caller of the node's log (Gossiper.java:123), not the NodeLog adapter
        if (!ctx.getFrameworkPackages().contains("io.gossippreflight.node.log")) {
            ctx.getFrameworkPackages().add("io.gossippreflight.node.log");
        }
        return ctx;
    }

    private static Logger root(LoggerContext ctx, Level level) {
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        return root;
    }

    private static Appender<ILoggingEvent> console(LoggerContext ctx, PrintWriter err, String pattern, boolean stackTraces,
            boolean cutRepeats) {
        OutputStreamAppender<ILoggingEvent> a = new OutputStreamAppender<>();
        a.setContext(ctx);
        a.setName("stderr");
        if (stackTraces) {
            PatternLayoutEncoder e = new PatternLayoutEncoder();
            e.setContext(ctx);
            e.setPattern(pattern.endsWith("%n") ? pattern : pattern + "%n");
            e.start();
            a.setEncoder(e);
        } else {
            OneLineLayout layout = new OneLineLayout(pattern.endsWith("%n") ? pattern.substring(0, pattern.length() - 2)
                    : pattern, cutRepeats);
            layout.setContext(ctx);
            layout.start();
            LayoutWrappingEncoder<ILoggingEvent> e = new LayoutWrappingEncoder<>();
            e.setContext(ctx);
            e.setLayout(layout);
            e.start();
            a.setEncoder(e);
        }
        a.setOutputStream(new WriterOutputStream(err));
        a.start();
        return a;
    }

    private static Appender<ILoggingEvent> rolling(LoggerContext ctx, Path file) {
        RollingFileAppender<ILoggingEvent> a = new RollingFileAppender<>();
        a.setContext(ctx);
        a.setName("system");
        a.setFile(file.toString());
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> p = new SizeAndTimeBasedRollingPolicy<>();
        p.setContext(ctx);
        p.setParent(a);
        p.setFileNamePattern(file + ".%d{yyyy-MM-dd}.%i.zip");
        p.setMaxFileSize(FileSize.valueOf("50MB"));
        p.setMaxHistory(7);
        p.setTotalSizeCap(FileSize.valueOf("5GB"));
        p.start();
        a.setRollingPolicy(p);
        PatternLayoutEncoder e = new PatternLayoutEncoder();
        e.setContext(ctx);
        e.setPattern(SYSTEM_LOG);
        e.start();
        a.setEncoder(e);
        a.start();
        return a;
    }
}
