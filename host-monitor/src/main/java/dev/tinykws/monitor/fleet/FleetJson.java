package dev.tinykws.monitor.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON of the fleet's view and of the facts it stores. */
final class FleetJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private FleetJson() {
    }

    static ObjectNode hello(Inbound.Hello h) {
        ObjectNode o = JSON.createObjectNode();
        o.put("firmware", h.firmware());
        o.put("model", h.model());
        o.put("frontend", h.frontend());
        o.put("sample_rate", h.sampleRate());
        o.put("threshold", h.threshold());
        ArrayNode l = o.putArray("labels");
        h.labels().forEach(l::add);
        return o;
    }

    static ObjectNode stat(Inbound.Stat s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("host_us", s.hostUs());
        o.put("uptime_ms", s.uptimeMs());
        o.put("infer_us", s.inferUs());
        o.put("cpu_permille", s.cpuPermille());
        o.put("free_ram", s.freeRam());
        o.put("audio_overruns", s.audioOverruns());
        return o;
    }
}
