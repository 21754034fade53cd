package dev.stockpicker.outage;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.stockpicker.support.Http;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls the health checks as a client would, timing each answer at the client. */
final class HealthProbe {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration POLL_PAUSE = Duration.ofMillis(250);

    private final Http http;

    HealthProbe(Http http) {
        this.http = http;
    }

    /** One answer: its HTTP status, content type, the body's "status" field (null when not JSON) and the time. */
    record Answer(HealthCheck check, int status, String contentType, String healthStatus, String body, Duration took,
            long finishedAt) {

        boolean healthy() {
            return status == 200 && "healthy".equals(healthStatus);
        }

        @Override
        public String toString() {
            return String.format("%s -> %d in %d ms %s", check.path, status, took.toMillis(), body);
        }
    }

    Answer get(HealthCheck check) {
        long started = System.nanoTime();
        HttpResponse<String> response = http.get(check.path);
        long finished = System.nanoTime();
        return new Answer(check, response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                healthStatus(response.body()), response.body(), Duration.ofNanos(finished - started), finished);
    }

    /** Every check once, all at the same time (as probes come), each timed at the client. */
    Map<HealthCheck, Answer> getAll() {
        ExecutorService callers = Executors.newFixedThreadPool(HealthCheck.values().length);
        try {
            Map<HealthCheck, Future<Answer>> calls = new EnumMap<>(HealthCheck.class);
            for (HealthCheck check : HealthCheck.values()) {
                calls.put(check, callers.submit(() -> get(check)));
            }
            Map<HealthCheck, Answer> answers = new EnumMap<>(HealthCheck.class);
            for (Map.Entry<HealthCheck, Future<Answer>> call : calls.entrySet()) {
                answers.put(call.getKey(), call.getValue().get());
            }
            return answers;
        }
        catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        finally {
            callers.shutdownNow();
        }
    }

    /**
     * Polls every check, each on its own thread so that a slow one (a 6 s celery time-out) does not delay the others,
     * until each has answered healthy once or {@code limit} has passed. Returns, for each check that did, the time
     * from this call until the end of its first healthy answer: late by at most one failed answer plus the pause.
     */
    Map<HealthCheck, Duration> awaitAllHealthy(Duration limit) {
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        ExecutorService pollers = Executors.newFixedThreadPool(HealthCheck.values().length);
        try {
            Map<HealthCheck, Future<Answer>> polls = new EnumMap<>(HealthCheck.class);
            for (HealthCheck check : HealthCheck.values()) {
                polls.put(check, pollers.submit(() -> pollUntilHealthy(check, deadline)));
            }
            Map<HealthCheck, Duration> healthy = new EnumMap<>(HealthCheck.class);
            for (Map.Entry<HealthCheck, Future<Answer>> poll : polls.entrySet()) {
                Answer last = poll.getValue().get();
                if (last.healthy()) {
                    healthy.put(poll.getKey(), Duration.ofNanos(last.finishedAt() - started));
                }
                else {
                    System.out.println("still not healthy after " + limit.toSeconds() + " s: " + last);
                }
            }
            return healthy;
        }
        catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        finally {
            pollers.shutdownNow();
        }
    }

    private Answer pollUntilHealthy(HealthCheck check, long deadline) throws InterruptedException {
        while (true) {
            Answer answer = get(check);
            if (answer.healthy() || System.nanoTime() > deadline) {
                return answer;
            }
            Thread.sleep(POLL_PAUSE.toMillis());
        }
    }

    private static String healthStatus(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            JsonNode status = json == null ? null : json.get("status");
            return status == null || !status.isString() ? null : status.asString();
        }
        catch (RuntimeException notJson) {
            return null;
        }
    }
}
