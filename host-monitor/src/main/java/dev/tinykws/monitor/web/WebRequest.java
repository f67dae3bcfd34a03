package dev.tinykws.monitor.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tinykws.monitor.error.MonitorException;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request to a dashboard route.
 *
 * @param method HTTP method
 * @param path   decoded path, e.g. {@code /api/review/123-4.wav}
 * @param tail   the part of the path after the route's prefix ({@code 123-4.wav} for {@code /api/review/})
 * @param query  query parameters (the first value of each)
 * @param body   request body (at most {@link WebServer#MAX_BODY} bytes)
 */
public record WebRequest(String method, String path, String tail, Map<String, String> query, byte[] body) {

    /** The body as a JSON object; a {@link MonitorException} (answered as 400) when it is not one. */
    public JsonNode json() {
        try {
            JsonNode n = WebResponse.JSON.readTree(body);
            if (n == null || !n.isObject()) {
                throw new MonitorException("the request body must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new MonitorException("the request body is not JSON: " + e.getMessage());
        }
    }

    static Map<String, String> parseQuery(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            q.putIfAbsent(k, v);
        }
        return q;
    }
}
