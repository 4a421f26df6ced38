package com.continentsapi.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.Api;
import com.continentsapi.Deployments;
import com.continentsapi.Load;
import com.continentsapi.StandardDeployment;
import com.continentsapi.StructuredFields;
import com.continentsapi.stack.EmbeddedMariaDb;
import com.continentsapi.stack.StackSession;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Without its database the API says 503 with Retry-After, as problem+json, and recovers without a restart. */
class DatabaseOutageIT extends StandardDeployment {

    /** The roomy plan's: never reached, for remembered credentials make the load fast, and this is about the database. */
    static final long LIMIT = 1_000_000;



    /**
     * The limiter keeps its own books through the outage: a request refused for want of the users table never
     * reached it and costs no quota; one that passed it (and then found no database) counted, like any other.
     */
    @Test
    void theDatabaseStoppedUnderLoadMeansServiceUnavailableAndTheQuotaCountsOnlyWhatPassedTheLimiter() throws Exception {
        Api api = new Api(base);
        String user = StackSession.stack().users().fresh("db-load", "outage password", Deployments.ROOMY);
        EmbeddedMariaDb db = StackSession.stack().db();
        List<Load.Answer> answers;
        try (Load load = Load.start(api, "continents", Api.basic(user, "outage password"), 4)) {
            load.awaitMore(5);
            long stopped = System.nanoTime();
            db.stop();
            try {
                load.awaitAnswer(10, answer -> answer.sentAfter(stopped));
            } finally {
                db.restart();
            }
            long restarted = System.nanoTime();
            load.awaitAnswer(5, answer -> answer.sentAfter(restarted) && answer.status() == 200);
            answers = load.stop();
        }

        String summary = answers.stream().collect(Collectors.groupingBy(Load.Answer::toString, Collectors.counting())).toString();
        assertTrue(answers.stream().allMatch(answer -> answer.status() == 200 || answer.status() == 503), summary);
        assertTrue(answers.stream().anyMatch(answer -> answer.status() == 503), summary);
        for (Load.Answer refused : answers.stream().filter(answer -> answer.status() == 503).toList()) {
            assertEquals("application/problem+json", refused.response().headers().firstValue("Content-Type").orElseThrow());
            assertTrue(refused.response().headers().firstValue("Retry-After").isPresent());
            assertTrue(refused.response().body().contains("\"status\":503"), refused.response().body());
        }
        long counted = answers.stream().filter(answer -> answer.response().headers().firstValue("RateLimit").isPresent()).count();
        HttpResponse<String> next = api.get("continents", user, "outage password");
        Object remaining = StructuredFields.list(next.headers().firstValue("RateLimit").orElseThrow()).get(Deployments.ROOMY).get("r");
        assertEquals(LIMIT - counted - 1, ((Number) remaining).longValue(), "quota spent by exactly the requests the limiter decided: " + summary);
    }
}
