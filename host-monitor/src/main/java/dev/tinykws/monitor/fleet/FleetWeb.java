package dev.tinykws.monitor.fleet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.mqtt.DeviceIds;
import dev.tinykws.monitor.web.EventHub;
import dev.tinykws.monitor.web.WebResponse;
import dev.tinykws.monitor.web.WebServer;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The fleet view on the dashboard's {@link WebServer}: a page with one row per device (online, detections this
 * hour and in total, health) that drills into one device (HELLO facts, health, detections per hour per
 * keyword, the last detections), plus the counters of rejected input. Read-only: nothing here changes a device.
 * Routes: {@code GET /api/fleet}, {@code GET /api/fleet/device?id=ID}, SSE {@code /api/fleet/events} (the
 * fleet every second).
 */
public final class FleetWeb implements AutoCloseable {
    private final FleetSubscriber fleet;
    private final EventHub hub = new EventHub(16);
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleet-web");
        t.setDaemon(true);
        return t;
    });

    private FleetWeb(FleetSubscriber fleet) {
        this.fleet = fleet;
    }

    /** Adds the fleet page at {@code path} and its API routes to {@code server}. */
    public static FleetWeb attach(WebServer server, FleetSubscriber fleet, String path) {
        FleetWeb w = new FleetWeb(fleet);
        server.page("Fleet", path, "fleet.html");
        server.route("GET", "/api/fleet", WebServer.Access.READ, r -> WebResponse.ok(w.fleetJson()));
        server.route("GET", "/api/fleet/device", WebServer.Access.READ, r -> {
            String id = r.query().get("id");
            String problem = DeviceIds.problem(id);
            if (problem != null) {
                throw new MonitorException("bad device id: " + problem);
            }
            ObjectNode d = fleet.state().device(id, FleetSubscriber.nowUs());
            return d == null ? WebResponse.error(404, "no device " + id) : WebResponse.ok(d);
        });
        server.stream("/api/fleet/events", w.hub);
        w.ticker.scheduleAtFixedRate(() -> w.hub.publish("fleet", w.fleetJson()), 1, 1, TimeUnit.SECONDS);
        return w;
    }

    ObjectNode fleetJson() {
        ObjectNode o = FleetJson.JSON.createObjectNode();
        o.put("broker", fleet.broker().toString());
        o.put("connected", fleet.connected());
        o.put("now_us", FleetSubscriber.nowUs());
        o.set("counters", fleet.state().counters());
        o.set("devices", fleet.state().fleet(FleetSubscriber.nowUs()));
        return o;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        hub.close();
    }
}
