package com.continentsapi.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MalformedRequestLogTest {

    final AtomicLong now = new AtomicLong(1_000);
    final List<LogRecord> written = new ArrayList<>();
    final Logger log = Logger.getLogger(MalformedRequestLogTest.class.getName());
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            written.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    MalformedRequestLog filter;

    @BeforeEach
    void capture() {
        log.setUseParentHandlers(false);
        log.addHandler(capture);
        filter = new MalformedRequestLog(MalformedRequestLog.UNKNOWN_HTTP_VERSION, log, null, 60, TimeUnit.SECONDS, now::get);
    }

    @AfterEach
    void release() {
        log.removeHandler(capture);
    }

    /** What Grizzly logs when it cannot answer a request line with an unknown version: its own exception. */
    static LogRecord unknownProtocol(String version) {
        IllegalStateException thrown = new IllegalStateException("Unknown protocol " + version);
        thrown.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("org.glassfish.grizzly.http.Protocol", "valueOf", "Protocol.java", 80),
                new StackTraceElement("org.glassfish.grizzly.http.HttpHeader", "getProtocol", "HttpHeader.java", 765)});
        LogRecord record = new LogRecord(Level.WARNING, "GRIZZLY0013: Exception during FilterChain execution");
        record.setThrown(thrown);
        return record;
    }

    void advanceSeconds(long seconds) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    @Test
    void aMalformedRequestBecomesOneLineWithoutAStackTrace() {
        assertFalse(filter.isLoggable(unknownProtocol("HTTP/1.2")), "Grizzly's record with its stack trace is dropped");
        assertEquals(1, written.size());
        assertEquals(null, written.get(0).getThrown());
        assertTrue(written.get(0).getMessage().startsWith("1 malformed request(s) closed without an answer"), written.get(0).getMessage());
    }

    @Test
    void aBurstCostsOneLinePerIntervalThatCountsTheRequests() {
        for (int i = 0; i < 1_000; i++) {
            assertFalse(filter.isLoggable(unknownProtocol("HTTP/1.2")));
        }
        assertEquals(1, written.size());
        advanceSeconds(59);
        filter.isLoggable(unknownProtocol("HTTP/1.2"));
        assertEquals(1, written.size(), "not before the interval is over");
        advanceSeconds(1);
        filter.isLoggable(unknownProtocol("HTTP/1.2"));
        assertEquals(2, written.size());
        assertTrue(written.get(1).getMessage().startsWith("1001 malformed request(s)"),
                "the 999 after the first line and the 2 since: " + written.get(1).getMessage());
    }

    /** The client's bytes may hold anything, its credentials included: the line quotes none of them. */
    @Test
    void theClientsBytesNeverReachTheLog() {
        filter.isLoggable(unknownProtocol("X\u0001\r\nFAKE LOG LINE" + "y".repeat(500)));
        String line = written.get(0).getMessage();
        assertFalse(line.contains("FAKE") || line.contains("\u0001") || line.contains("yyy"), line);
    }

    static LogRecord containerFailure(RuntimeException thrown, String className, String method) {
        thrown.setStackTrace(new StackTraceElement[] {
                new StackTraceElement(className, method, "X.java", 1),
                new StackTraceElement("org.apache.catalina.connector.CoyoteAdapter", "postParseRequest", "CoyoteAdapter.java", 420)});
        LogRecord record = new LogRecord(Level.SEVERE, "AS-WEB-CORE-00037");
        record.setThrown(thrown);
        return record;
    }

    /** Payara's container logs a bad '%' escape in the path (SEVERE AS-WEB-CORE-00037) with the trace of Grizzly's decoder. */
    @Test
    void badPercentEscapesInThePathShareOneLine() {
        MalformedRequestLog escapes = new MalformedRequestLog(MalformedRequestLog.BAD_PERCENT_ESCAPE, log, null, 60, TimeUnit.SECONDS, now::get);
        String decoder = "org.glassfish.grizzly.http.util.URLDecoder";

        assertFalse(escapes.isLoggable(containerFailure(new IllegalArgumentException("URLDecoder: Illegal hex characters in escape (%) pattern - %zz"), decoder, "decode")));
        assertFalse(escapes.isLoggable(containerFailure(new IllegalStateException("Unexpected termination"), decoder, "decode")));
        assertTrue(escapes.isLoggable(containerFailure(new IllegalStateException("Unexpected termination"), "com.example.Other", "decode")), "someone else's failure");
        assertEquals(1, written.size());
        assertTrue(written.get(0).getMessage().startsWith("1 request(s) with a malformed '%' escape"), written.get(0).getMessage());
        assertFalse(written.get(0).getMessage().contains("%zz"), written.get(0).getMessage());
    }

    /** Grizzly's message quotes the whole Host header, and a header smashed into it: Authorization, say. */
    @Test
    void anUnparseableHostHeaderIsOneLineThatNeverQuotesIt() {
        MalformedRequestLog hosts = new MalformedRequestLog(MalformedRequestLog.UNPARSEABLE_HOST, log, null, 60, TimeUnit.SECONDS, now::get);
        LogRecord smashed = containerFailure(new IllegalStateException("Host header 127.0.0.1:1Authorization: Basic c2VjcmV0 contained a non-decimal value in the port definition."),
                "org.glassfish.grizzly.http.util.HttpCodecUtils", "parseHost");

        assertFalse(hosts.isLoggable(smashed));
        assertFalse(hosts.isLoggable(smashed));
        assertEquals(1, written.size());
        assertTrue(written.get(0).getMessage().startsWith("1 request(s) with a Host header"), written.get(0).getMessage());
        assertFalse(written.get(0).getMessage().contains("c2VjcmV0") || written.get(0).getMessage().contains("Authorization"), written.get(0).getMessage());
        assertTrue(filter.isLoggable(smashed), "not the HTTP layer's unknown version");
    }

    @Test
    void anyOtherRecordKeepsItsStackTrace() {
        LogRecord realFailure = new LogRecord(Level.WARNING, "GRIZZLY0013: Exception during FilterChain execution");
        realFailure.setThrown(new IllegalStateException("Unknown protocol, but thrown by someone else"));
        assertTrue(filter.isLoggable(realFailure));
        LogRecord other = new LogRecord(Level.WARNING, "GRIZZLY0013: Exception during FilterChain execution");
        other.setThrown(new NullPointerException());
        assertTrue(filter.isLoggable(other));
        assertTrue(filter.isLoggable(new LogRecord(Level.SEVERE, "no exception at all")));
        assertEquals(List.of(), written);
    }

    @Test
    void aColonInThePathIsItsOwnKindWithItsOwnLine() {
        IllegalArgumentException thrown = new IllegalArgumentException("invalid URLPatternSpec");
        thrown.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("jakarta.security.jacc.URLPatternSpec", "setURLPatternArray", "URLPatternSpec.java", 326)});
        LogRecord record = new LogRecord(Level.WARNING, "JASPIC: http msg authentication fail");
        record.setThrown(thrown);
        MalformedRequestLog colons = new MalformedRequestLog(MalformedRequestLog.COLON_IN_PATH, log, null, 60, TimeUnit.SECONDS, now::get);

        assertTrue(filter.isLoggable(record), "not the HTTP layer's kind");
        assertFalse(colons.isLoggable(record));
        assertFalse(colons.isLoggable(record));
        assertEquals(1, written.size());
        assertTrue(written.get(0).getMessage().startsWith("1 request(s) with ':' in the path answered 500"), written.get(0).getMessage());
        assertTrue(colons.isLoggable(unknownProtocol("HTTP/1.2")), "not the authorization check's kind");
    }

    @Test
    void theLoggersPreviousFilterStillDecidesAboutOtherRecords() {
        MalformedRequestLog chained = new MalformedRequestLog(MalformedRequestLog.UNKNOWN_HTTP_VERSION, log, record -> false, 60, TimeUnit.SECONDS, now::get);
        assertFalse(chained.isLoggable(new LogRecord(Level.WARNING, "refused by the previous filter")));
    }
}
