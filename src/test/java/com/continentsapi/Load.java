package com.continentsapi;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One user's requests sent back to back by a few clients while a test breaks something, every answer kept with
 * the moment it was sent, so that the test can say what was answered before, during and after the fault.
 */
public final class Load implements AutoCloseable {

    /** An answer, or the exception a client got instead (status 0). */
    public record Answer(long sentNanos, int status, HttpResponse<String> response, Exception failure) {

        public boolean sentAfter(long nanos) {
            return sentNanos - nanos >= 0;
        }

        @Override
        public String toString() {
            return failure != null ? failure.toString() : status + (response.headers().firstValue("RateLimit").isPresent() ? "+RateLimit" : "");
        }
    }

    private final List<Answer> answers = new ArrayList<>();
    private final ExecutorService clients;
    private volatile boolean running = true;

    private Load(Api api, String path, String authorization, int clientCount) {
        clients = Executors.newFixedThreadPool(clientCount);
        for (int i = 0; i < clientCount; i++) {
            clients.submit(() -> {
                while (running && !Thread.currentThread().isInterrupted()) {
                    long sent = System.nanoTime();
                    Answer answer;
                    try {
                        HttpResponse<String> response = api.send("GET", path, authorization);
                        answer = new Answer(sent, response.statusCode(), response, null);
                    } catch (RuntimeException e) {
                        answer = new Answer(sent, 0, null, e);
                    }
                    synchronized (answers) {
                        answers.add(answer);
                        answers.notifyAll();
                    }
                    pause(); // a refusal is quick: back to back, a few clients would take every core of the machine
                }
            });
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static Load start(Api api, String path, String authorization, int clients) {
        return new Load(api, path, authorization, clients);
    }

    /** Waits until {@code count} more answers than now have come in (at most 5 minutes). */
    public void awaitMore(int count) throws InterruptedException {
        awaitAnswer(count, answer -> true);
    }

    /** Waits until {@code count} more answers than now match (at most 5 minutes). */
    public void awaitAnswer(int count, Predicate<Answer> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        synchronized (answers) {
            int from = answers.size();
            while (answers.subList(from, answers.size()).stream().filter(wanted).count() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("Waited 5 minutes in vain for " + count + " answers; the last: "
                            + answers.subList(Math.max(0, answers.size() - 10), answers.size()));
                }
                answers.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
        }
    }

    /** Every answer so far, in the order they came in. */
    public List<Answer> answers() {
        synchronized (answers) {
            return List.copyOf(answers);
        }
    }

    /** Stops sending and waits for the requests in flight; returns every answer. */
    public List<Answer> stop() throws InterruptedException {
        running = false;
        clients.shutdown();
        clients.awaitTermination(2, TimeUnit.MINUTES);
        return answers();
    }

    @Override
    public void close() throws InterruptedException {
        if (running) {
            stop();
        }
    }
}
