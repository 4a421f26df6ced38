package com.continentsapi.logging;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A filter for Grizzly's filter-chain logger. Grizzly (Payara's HTTP layer) cannot even refuse a request whose
 * request line names an unknown HTTP version and whose headers it then rejects: building the 400 asks for the
 * version again, which throws, and the connection is closed without an answer. It logs that as a WARNING with a
 * stack trace of about thirty lines, so anyone without credentials could fill the disk at line rate. Those
 * records become one line, and at most one such line per interval, counting the requests it stands for.
 * Every other record passes untouched: a real failure in the HTTP layer keeps its stack trace.
 */
public final class MalformedRequestLog implements Filter {

    /** The logger of {@code org.glassfish.grizzly.filterchain.DefaultFilterChain}, which logs GRIZZLY0013. */
    public static final String GRIZZLY_LOGGER = "org.glassfish.grizzly.filterchain.DefaultFilterChain";
    private static final String UNKNOWN_PROTOCOL = "Unknown protocol";
    private static final String GRIZZLY_PROTOCOL = "org.glassfish.grizzly.http.Protocol";
    private static final int SHOWN_CHARACTERS = 40;

    private final Logger log;
    private final Filter previous;
    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private final AtomicLong nextLine;
    private final AtomicLong unlogged = new AtomicLong();

    /** @param previous the filter the logger had before, asked about every other record (may be null) */
    public MalformedRequestLog(Logger log, Filter previous, long interval, TimeUnit unit, LongSupplier nanoTime) {
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
        if (!fromMalformedRequest(record.getThrown())) {
            return previous == null || previous.isLoggable(record);
        }
        unlogged.incrementAndGet();
        long now = nanoTime.getAsLong();
        long due = nextLine.get();
        if (now - due >= 0 && nextLine.compareAndSet(due, now + intervalNanos)) {
            log.info(unlogged.getAndSet(0) + " malformed request(s) closed without an answer by the HTTP layer ("
                    + printable(record.getThrown().getMessage()) + "); logged at most once every "
                    + TimeUnit.NANOSECONDS.toSeconds(intervalNanos) + " s");
        }
        return false;
    }

    /** Grizzly's own "Unknown protocol" from parsing the version in the request line, and nothing else. */
    static boolean fromMalformedRequest(Throwable thrown) {
        return thrown instanceof IllegalStateException
                && thrown.getMessage() != null && thrown.getMessage().startsWith(UNKNOWN_PROTOCOL)
                && thrown.getStackTrace().length > 0
                && thrown.getStackTrace()[0].getClassName().equals(GRIZZLY_PROTOCOL);
    }

    /** The message quotes the client's bytes: no line breaks or control characters, and not much of it. */
    private static String printable(String message) {
        StringBuilder shown = new StringBuilder();
        message.codePoints().limit(SHOWN_CHARACTERS)
                .forEach(c -> shown.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return message.length() > SHOWN_CHARACTERS ? shown + "..." : shown.toString();
    }
}
