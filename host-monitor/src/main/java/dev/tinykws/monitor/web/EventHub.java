package dev.tinykws.monitor.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Server-Sent Events to every open dashboard: {@link #publish} never blocks the monitor's reader thread.
 * Each browser has a bounded queue of {@value #QUEUE} events; a browser that falls that far behind is
 * disconnected (its EventSource reconnects and reloads the state), so memory stays bounded.
 */
public final class EventHub implements WebServer.StreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
    static final int QUEUE = 4096;
    private static final String CLOSE = "\u0000close";
    private final int maxClients;
    private final CopyOnWriteArrayList<BlockingQueue<String>> clients = new CopyOnWriteArrayList<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong overflows = new AtomicLong();
    private volatile boolean closed;

    public EventHub(int maxClients) {
        this.maxClients = maxClients;
    }

    /** Sends {@code event: name} with {@code data} (one line of JSON) to every open page. Thread-safe. */
    public void publish(String name, JsonNode data) {
        if (clients.isEmpty()) {
            return;
        }
        String frame;
        try {
            frame = "event: " + name + "\ndata: " + WebResponse.JSON.writeValueAsString(data) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        published.incrementAndGet();
        for (BlockingQueue<String> q : clients) {
            if (!q.offer(frame)) {
                overflows.incrementAndGet();
                q.clear();
                q.offer(CLOSE);
            }
        }
    }

    public int clients() {
        return clients.size();
    }

    /** Browsers disconnected because they fell {@value #QUEUE} events behind. */
    public long overflows() {
        return overflows.get();
    }

    @Override
    public void serve(HttpExchange ex) throws IOException {
        if (closed || clients.size() >= maxClients) {
            WebServer.send(ex, WebResponse.error(503, "too many open dashboards (" + maxClients + ")"));
            return;
        }
        BlockingQueue<String> q = new ArrayBlockingQueue<>(QUEUE);
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Accel-Buffering", "no");
        ex.sendResponseHeaders(200, 0);
        clients.add(q);
        try (OutputStream out = ex.getResponseBody()) {
            out.write("retry: 1000\n: connected\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            StringBuilder batch = new StringBuilder();
            while (!closed) {
                String first = q.poll(15, TimeUnit.SECONDS);
                if (first == null) {
                    out.write(": ping\n\n".getBytes(StandardCharsets.UTF_8)); // keeps proxies and dead peers honest
                    out.flush();
                    continue;
                }
                if (first.equals(CLOSE)) {
                    break;
                }
                batch.setLength(0);
                batch.append(first);
                for (String more; batch.length() < 65_536 && (more = q.poll()) != null; ) {
                    if (more.equals(CLOSE)) {
                        closed(out, batch);
                        return;
                    }
                    batch.append(more);
                }
                out.write(batch.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.debug("event stream closed: {}", e.getMessage());
        } finally {
            clients.remove(q);
        }
    }

    private static void closed(OutputStream out, CharSequence pending) throws IOException {
        out.write(pending.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Ends every stream (the server is stopping). */
    public void close() {
        closed = true;
        for (BlockingQueue<String> q : clients) {
            q.clear();
            q.offer(CLOSE);
        }
    }
}
