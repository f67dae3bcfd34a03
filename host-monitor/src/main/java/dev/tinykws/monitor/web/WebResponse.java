package dev.tinykws.monitor.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP answer of the dashboard.
 *
 * @param status      HTTP status
 * @param contentType MIME type
 * @param body        bytes sent
 */
public record WebResponse(int status, String contentType, byte[] body) {
    static final ObjectMapper JSON = new ObjectMapper();

    public static WebResponse json(int status, JsonNode node) {
        try {
            return new WebResponse(status, "application/json; charset=utf-8", JSON.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static WebResponse ok(JsonNode node) {
        return json(200, node);
    }

    /** {@code {"error": message}} with the status. */
    public static WebResponse error(int status, String message) {
        ObjectNode n = JSON.createObjectNode().put("error", message);
        return json(status, n);
    }

    public static WebResponse bytes(String contentType, byte[] body) {
        return new WebResponse(200, contentType, body);
    }

    public static WebResponse text(int status, String text) {
        return new WebResponse(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }
}
