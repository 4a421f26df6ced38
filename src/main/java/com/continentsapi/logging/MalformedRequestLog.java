package com.continentsapi.logging;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A filter for a server logger that writes a stack trace for each of some malformed requests, which anyone
 * without credentials can send at line rate to fill the disk. The records of one {@link Kind} become one line,
 * and at most one such line per interval, counting the requests it stands for. Every other record passes
 * untouched: a real failure keeps its stack trace.
 */
public final class MalformedRequestLog implements Filter {

    /** A malformed request a server logs with a stack trace: the logger, what to call it, how to recognise it. */
    public record Kind(String logger, String description, Predicate<Throwable> recognizes) {
    }

    /**
     * Grizzly (Payara's HTTP layer) cannot even refuse a request line with an unknown HTTP version whose headers
     * it then rejects: building the 400 asks for the version again, which throws (Grizzly's own "Unknown
     * protocol"), and the connection is closed without an answer, logged as GRIZZLY0013 with the trace.
     */
    public static final Kind UNKNOWN_HTTP_VERSION = new Kind("org.glassfish.grizzly.filterchain.DefaultFilterChain",
            "malformed request(s) closed without an answer by the HTTP layer",
            thrown -> thrown instanceof IllegalStateException && thrownBy(thrown, "org.glassfish.grizzly.http.Protocol", "Unknown protocol"));

    /**
     * Payara 7.2025.1's authorization check (Exousia 3.0.0-M3) cannot build a permission for a path with a ':' and
     * answers 500 before the application sees the request, logged as "JASPIC: http msg authentication fail".
     * Payara 7.2026.1 and newer let such paths through; this covers an older server.
     */
    public static final Kind COLON_IN_PATH = new Kind("javax.enterprise.system.container.web.com.sun.web.security",
            "request(s) with ':' in the path answered 500 by the container's authorization check",
            thrown -> thrown instanceof IllegalArgumentException && thrownBy(thrown, "jakarta.security.jacc.URLPatternSpec", "invalid URLPatternSpec"));

    /**
     * Payara's container cannot decode a path with a malformed '%' escape ("%zz", a '%' at the end): it answers an
     * empty 200 without the application and logs SEVERE AS-WEB-CORE-00037 with the trace of Grizzly's decoder.
     */
    public static final Kind BAD_PERCENT_ESCAPE = new Kind("jakarta.enterprise.web.core",
            "request(s) with a malformed '%' escape in the path answered by the container without the application",
            thrown -> (thrown instanceof IllegalArgumentException || thrown instanceof IllegalStateException)
                    && thrownBy(thrown, "org.glassfish.grizzly.http.util.URLDecoder"));

    /**
     * The same for a Host header whose port is no number, which includes any header smashed into it (a missing line
     * break): Grizzly's message quotes the whole value, Authorization and all.
     */
    public static final Kind UNPARSEABLE_HOST = new Kind("jakarta.enterprise.web.core",
            "request(s) with a Host header that cannot be parsed answered by the container without the application",
            thrown -> thrown instanceof IllegalStateException && thrownBy(thrown, "org.glassfish.grizzly.http.util.HttpCodecUtils", "Host header"));

    public static final List<Kind> KINDS = List.of(UNKNOWN_HTTP_VERSION, COLON_IN_PATH, BAD_PERCENT_ESCAPE, UNPARSEABLE_HOST);

    private final Kind kind;
    private final Logger log;
    private final Filter previous;
    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private final AtomicLong nextLine;
    private final AtomicLong unlogged = new AtomicLong();

    /** @param previous the filter the logger had before, asked about every other record (may be null) */
    public MalformedRequestLog(Kind kind, Logger log, Filter previous, long interval, TimeUnit unit, LongSupplier nanoTime) {
        this.kind = kind;
        this.log = log;
        this.previous = previous;
        this.nanoTime = nanoTime;
        this.intervalNanos = unit.toNanos(interval);
        this.nextLine = new AtomicLong(nanoTime.getAsLong());
    }

    Filter previous() {
        return previous;
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record.getThrown() == null || !kind.recognizes().test(record.getThrown())) {
            return previous == null || previous.isLoggable(record);
        }
        unlogged.incrementAndGet();
        long now = nanoTime.getAsLong();
        long due = nextLine.get();
        if (now - due >= 0 && nextLine.compareAndSet(due, now + intervalNanos)) {
            // Never the exception's message: it quotes the client's bytes, credentials and all.
            log.info(unlogged.getAndSet(0) + " " + kind.description() + " (" + record.getThrown().getClass().getSimpleName()
                    + "); logged at most once every " + TimeUnit.NANOSECONDS.toSeconds(intervalNanos) + " s");
        }
        return false;
    }

    /** The server's own exception, from the named class, not any exception with a similar message. */
    private static boolean thrownBy(Throwable thrown, String className, String messageStart) {
        return thrown.getMessage() != null && thrown.getMessage().startsWith(messageStart) && thrownBy(thrown, className);
    }

    private static boolean thrownBy(Throwable thrown, String className) {
        return thrown.getStackTrace().length > 0 && thrown.getStackTrace()[0].getClassName().equals(className);
    }
}
