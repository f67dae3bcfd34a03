package dev.tinykws.monitor.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tinykws.monitor.error.MonitorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The dashboard's HTTP server: the JDK's own {@code com.sun.net.httpserver} (no dependency; SSE needs only
 * a streamed response), a small router, static files from the jar, and the safety rules every route gets:
 * <ul>
 *   <li>bound to {@code 127.0.0.1} unless a host is given; on a loopback binding the {@code Host} header must
 *       name a loopback host (no DNS rebinding);</li>
 *   <li>{@link Access#CHANGE} routes take only {@code POST} with a JSON body of at most {@value #MAX_BODY}
 *       bytes, refuse a foreign {@code Origin}, and, when bound to anything but loopback, need the start-up
 *       token in the {@code X-TinyKWS-Token} header;</li>
 *   <li>every answer carries a strict Content-Security-Policy (scripts and styles only from this server, no
 *       inline code) and {@code nosniff}.</li>
 * </ul>
 * Other features add their own pages and API routes with {@link #page} and {@link #route}.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    public static final int MAX_BODY = 16 * 1024;
    public static final String TOKEN_HEADER = "X-TinyKWS-Token";
    static final String STATIC_ROOT = "/dev/tinykws/monitor/web/static/";
    private static final Pattern STATIC_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}\\.(html|js|css|png|svg)");
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "media-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    /** What a route does: reads state, or changes the device / the stores (token, POST, JSON). */
    public enum Access { READ, CHANGE }

    /** An API route. */
    @FunctionalInterface
    public interface Handler {
        /** @throws MonitorException for bad input: answered 400 with its message */
        WebResponse handle(WebRequest request) throws IOException;
    }

    /** A route that keeps the response open (Server-Sent Events). */
    @FunctionalInterface
    public interface StreamHandler {
        void serve(HttpExchange exchange) throws IOException;
    }

    /** A page in the dashboard's navigation bar. */
    public record Page(String title, String path) {
    }

    private record Route(String method, String path, boolean prefix, Access access, Handler handler,
                         StreamHandler stream) {
        boolean matches(String p) {
            return prefix ? p.startsWith(path) : p.equals(path);
        }
    }

    private final WebBinding binding;
    private final HttpServer http;
    private final ExecutorService executor;
    private final String token;
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final List<Page> pages = new CopyOnWriteArrayList<>();

    private WebServer(WebBinding binding, HttpServer http, ExecutorService executor, String token) {
        this.binding = binding;
        this.http = http;
        this.executor = executor;
        this.token = token;
    }

    /**
     * Binds and starts the server.
     *
     * @param maxThreads request threads; each open event stream holds one
     */
    public static WebServer start(WebBinding binding, int maxThreads) {
        // Without TCP_NODELAY, Nagle + delayed ACKs hold small SSE writes back by up to ~40 ms. The JDK server
        // reads this property once, when its first instance is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(binding.address(), binding.port()), 64);
        } catch (IOException e) {
            throw new MonitorException("cannot serve the dashboard on " + binding.host() + ":" + binding.port() + ": "
                    + e.getMessage() + " (port in use? try another --web port)", e);
        }
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor ex = new ThreadPoolExecutor(maxThreads, maxThreads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(256), r -> {
                    Thread t = new Thread(r, "web-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        ex.allowCoreThreadTimeOut(true);
        http.setExecutor(ex);
        String token = binding.loopback() ? null : newToken();
        WebServer s = new WebServer(binding, http, ex, token);
        http.createContext("/", s::dispatch);
        http.start();
        return s;
    }

    static String newToken() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The token that {@link Access#CHANGE} routes need, or null on a loopback binding. */
    public String token() {
        return token;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** The address to open in a browser (with {@code #token=...} when a token is needed). */
    public URI url() {
        String h = binding.host().contains(":") ? "[" + binding.host() + "]" : binding.host();
        if (h.equals("0.0.0.0") || h.equals("[::]")) {
            h = "127.0.0.1";
        }
        return URI.create("http://" + h + ":" + port() + "/" + (token == null ? "" : "#token=" + token));
    }

    /** Adds an API route; a {@code path} ending in {@code /} matches every path below it. */
    public WebServer route(String method, String path, Access access, Handler handler) {
        if (access == Access.CHANGE && !method.equals("POST")) {
            throw new IllegalArgumentException("routes that change things take POST only: " + path);
        }
        routes.add(new Route(method, path, path.endsWith("/"), access, handler, null));
        return this;
    }

    /** Adds a route that streams its response (read-only). */
    public WebServer stream(String path, StreamHandler handler) {
        routes.add(new Route("GET", path, false, Access.READ, null, handler));
        return this;
    }

    /** Serves {@code resource} (a file of the jar's static folder) at {@code path} and lists it in the navigation. */
    public WebServer page(String title, String path, String resource) {
        byte[] html = resource(resource);
        if (html == null) {
            throw new IllegalArgumentException("no static resource " + resource);
        }
        pages.add(new Page(title, path));
        routes.add(new Route("GET", path, false, Access.READ, r -> new WebResponse(200, "text/html; charset=utf-8", html), null));
        return this;
    }

    public List<Page> pages() {
        return List.copyOf(pages);
    }

    ArrayNode pagesJson() {
        ArrayNode a = WebResponse.JSON.createArrayNode();
        for (Page p : pages) {
            a.addObject().put("title", p.title()).put("path", p.path());
        }
        return a;
    }

    private void dispatch(HttpExchange ex) throws IOException {
        try (ex) {
            Headers h = ex.getResponseHeaders();
            h.set("Content-Security-Policy", CSP);
            h.set("X-Content-Type-Options", "nosniff");
            h.set("Referrer-Policy", "no-referrer");
            h.set("X-Frame-Options", "DENY");
            h.set("Cache-Control", "no-store");
            String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = ex.getRequestURI().getPath();
            if (path == null || path.contains("..")) {
                send(ex, WebResponse.error(400, "bad path"));
                return;
            }
            String refused = checkHost(ex);
            if (refused != null) {
                send(ex, WebResponse.error(403, refused));
                return;
            }
            if (path.startsWith("/static/") && method.equals("GET")) {
                serveStatic(ex, path.substring("/static/".length()));
                return;
            }
            List<Route> candidates = new ArrayList<>();
            for (Route r : routes) {
                if (r.matches(path)) {
                    candidates.add(r);
                }
            }
            if (candidates.isEmpty()) {
                send(ex, WebResponse.error(404, "no such page or API: " + path));
                return;
            }
            Route route = candidates.stream().filter(r -> r.method().equals(method)).findFirst().orElse(null);
            if (route == null) {
                ex.getResponseHeaders().set("Allow", String.join(", ", candidates.stream().map(Route::method).toList()));
                send(ex, WebResponse.error(405, method + " is not allowed on " + path));
                return;
            }
            if (route.stream() != null) {
                route.stream().serve(ex);
                return;
            }
            if (route.access() == Access.CHANGE) {
                WebResponse refusal = checkChange(ex);
                if (refusal != null) {
                    send(ex, refusal);
                    return;
                }
            }
            byte[] body = readBody(ex.getRequestBody());
            if (body == null) {
                send(ex, WebResponse.error(413, "body over " + MAX_BODY + " bytes"));
                return;
            }
            WebRequest req = new WebRequest(method, path, path.substring(route.prefix() ? route.path().length() : path.length()),
                    WebRequest.parseQuery(ex.getRequestURI().getRawQuery()), body);
            WebResponse resp;
            try {
                resp = route.handler().handle(req);
            } catch (MonitorException e) {
                resp = WebResponse.error(400, e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("dashboard {} {} failed", method, path, e);
                resp = WebResponse.error(500, "internal error: " + e);
            }
            send(ex, resp);
        } catch (IOException e) {
            LOG.debug("dashboard client gone: {}", e.getMessage());
        }
    }

    /** On a loopback binding the Host header must be loopback too (a DNS-rebinding page cannot call us). */
    private String checkHost(HttpExchange ex) {
        if (!binding.loopback()) {
            return null;
        }
        String host = ex.getRequestHeaders().getFirst("Host");
        if (host == null) {
            return "missing Host header";
        }
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
        return LOOPBACK_NAMES.contains(name.toLowerCase(Locale.ROOT)) ? null
                : "Host '" + host + "' refused: the dashboard is bound to " + binding.host() + " only";
    }

    /** @return the refusal of a changing request, or null when it may go on */
    private WebResponse checkChange(HttpExchange ex) {
        Headers rq = ex.getRequestHeaders();
        if (token != null) {
            String given = rq.getFirst(TOKEN_HEADER);
            if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                    token.getBytes(StandardCharsets.UTF_8))) {
                return WebResponse.error(403, "token missing or wrong: this dashboard is reachable from the network, so "
                        + "actions need the token printed by the monitor at start-up (open the URL it printed)");
            }
        }
        String origin = rq.getFirst("Origin");
        String host = rq.getFirst("Host");
        if (origin != null && !origin.equals("http://" + host)) {
            return WebResponse.error(403, "cross-site request refused: Origin " + origin + " is not this dashboard");
        }
        String type = rq.getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return WebResponse.error(415, "actions take Content-Type: application/json");
        }
        String len = rq.getFirst("Content-Length");
        if (len != null && len.matches("\\d{1,18}") && Long.parseLong(len) > MAX_BODY) {
            return WebResponse.error(413, "body over " + MAX_BODY + " bytes");
        }
        return null;
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] b = in.readNBytes(MAX_BODY + 1);
        return b.length > MAX_BODY ? null : b;
    }

    private void serveStatic(HttpExchange ex, String name) throws IOException {
        byte[] b = STATIC_NAME.matcher(name).matches() ? resource(name) : null;
        if (b == null) {
            send(ex, WebResponse.error(404, "no static file " + name));
            return;
        }
        String type = switch (name.substring(name.lastIndexOf('.') + 1)) {
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "html" -> "text/html; charset=utf-8";
            case "png" -> "image/png";
            default -> "image/svg+xml";
        };
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        send(ex, new WebResponse(200, type, b));
    }

    static byte[] resource(String name) {
        try (InputStream in = WebServer.class.getResourceAsStream(STATIC_ROOT + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    static void send(HttpExchange ex, WebResponse r) throws IOException {
        ex.getResponseHeaders().set("Content-Type", r.contentType());
        if (ex.getRequestMethod().equalsIgnoreCase("HEAD")) {
            ex.sendResponseHeaders(r.status(), -1);
            return;
        }
        ex.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
        if (r.body().length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(r.body());
            }
        }
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
