package com.continentsapi.stack;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/** Prints every test the build ran, with its outcome and time, so a build log shows what was proven. */
public class TestReport implements TestExecutionListener {

    private final Map<String, Long> started = new ConcurrentHashMap<>();

    @Override
    public void executionStarted(TestIdentifier test) {
        started.put(test.getUniqueId(), System.nanoTime());
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        Long start = started.remove(test.getUniqueId());
        if (test.isTest() && start != null) {
            System.out.printf("[test] %-10s %6d ms  %s%n", result.getStatus(), Duration.ofNanos(System.nanoTime() - start).toMillis(),
                    name(test));
        }
    }

    /** Class, method and, for a parameterized test, its arguments: {@code RateLimiterIT.decides [2] SENTINEL}. */
    private static String name(TestIdentifier test) {
        StringBuilder name = new StringBuilder();
        for (UniqueId.Segment segment : UniqueId.parse(test.getUniqueId()).getSegments()) {
            String value = segment.getValue();
            switch (segment.getType()) {
                case "class" -> name.append(value.substring(value.lastIndexOf('.') + 1));
                case "method", "test-template" -> name.append('.').append(value, 0, value.indexOf('('));
                case "test-template-invocation" -> name.append(' ').append(test.getDisplayName());
                default -> {
                }
            }
        }
        return name.isEmpty() ? test.getDisplayName() : name.toString();
    }
}
