package dev.stockpicker.task;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Task messages on the wire: small JSON objects any language can read. Parsing is strict: bad input throws. Public
 * so that the task benchmark publishes exactly what the app does.
 */
public final class TaskJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private TaskJson() {
    }

    public static byte[] write(TaskMessage task) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", task.id());
        json.put("name", task.name());
        json.put("args", task.args());
        json.put("attempt", task.attempt());
        json.put("published_at", task.publishedAt().toString());
        return MAPPER.writeValueAsBytes(json);
    }

    /** The task in {@code body}; {@link IllegalArgumentException} with a reason when it is not a valid task. */
    public static TaskMessage read(byte[] body) {
        JsonNode json;
        try {
            json = MAPPER.readTree(new String(body, StandardCharsets.UTF_8));
        }
        catch (RuntimeException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String id = text(json, "id");
        String name = text(json, "name");
        JsonNode args = json.get("args");
        if (args == null || !args.isArray()) {
            throw new IllegalArgumentException("field \"args\" must be an array");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode arg : args) {
            if (!arg.isString()) {
                throw new IllegalArgumentException("every arg must be a string");
            }
            values.add(arg.asString());
        }
        JsonNode attempt = json.get("attempt");
        if (attempt == null || !attempt.isInt() || attempt.asInt() < 1) {
            throw new IllegalArgumentException("field \"attempt\" must be a positive integer");
        }
        Instant published;
        try {
            published = Instant.parse(text(json, "published_at"));
        }
        catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("field \"published_at\" is not an ISO-8601 instant");
        }
        return new TaskMessage(id, name, values, attempt.asInt(), published);
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isString() || value.asString().isBlank()) {
            throw new IllegalArgumentException("field \"" + field + "\" must be a non-empty string");
        }
        return value.asString();
    }
}
