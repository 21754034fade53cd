package dev.stockpicker.api;

import org.springframework.http.HttpStatus;

import tools.jackson.databind.JsonNode;

/** Reads fields out of a JSON request body, refusing wrong shapes with a reason the caller can act on. */
public final class JsonBodies {

    private JsonBodies() {
    }

    /** The string field {@code name} of a JSON object body; 400 when the body is not an object or the field is missing or not a string. */
    public static String requiredString(JsonNode body, String name) {
        if (body == null || !body.isObject()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "request body must be a JSON object");
        }
        JsonNode field = body.get(name);
        if (field == null || field.isNull()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "field \"" + name + "\" is required");
        }
        if (!field.isString()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "field \"" + name + "\" must be a string");
        }
        return field.asString();
    }
}
