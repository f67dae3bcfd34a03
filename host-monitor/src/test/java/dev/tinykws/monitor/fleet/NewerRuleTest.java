package dev.tinykws.monitor.fleet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One rule for which HELLO/STAT is newer, in the live view and in the store: (outbox, n), never the gateway's
 * clock. The view used to take every HELLO and compare STATs by host_us, so a redelivered old HELLO won and one
 * future-dated STAT froze the health view.
 */
class NewerRuleTest {
    @TempDir
    Path dir;

    private static final long NOW = 1_800_000_000_000_000L;

    private static Inbound.Stat stat(String outbox, long n, long hostUs, int cpu) {
        return new Inbound.Stat("d1", outbox, n, hostUs, 1000, 8000, cpu, 10_240, 0);
    }

    private static Inbound.Hello hello(String outbox, long n, String firmware) {
        return new Inbound.Hello("d1", outbox, n, NOW, firmware, "kws", "0123abcd", 16000, "0.700", List.of("yes"));
    }

    @Test
    void theViewAndTheStoreKeepTheSameHelloAndStat() {
        List<Inbound> arrivals = List.of(
                stat("aa", 5, Long.MAX_VALUE / 2, 100),  // a gateway clock far in the future
                stat("aa", 6, NOW, 200),                 // later in the outbox: newer
                hello("aa", 8, "2.0"),
                hello("aa", 7, "1.0"),                   // an old one sent again: not newer
                stat("aa", 4, NOW + 1, 300));            // older n, later clock: not newer
        FleetState live = new FleetState(10);
        try (FleetStore store = FleetStore.open(dir.resolve("f.db"))) {
            for (Inbound in : arrivals) {
                store.commit(List.of(in), NOW);
                live.apply(in, true);
            }
            assertEquals(200, live.device("d1", NOW).path("health").path("cpu_permille").asInt());
            assertEquals("2.0", live.device("d1", NOW).path("hello").path("firmware").asText());
            FleetState restored = new FleetState(10);
            restored.restore(store);
            assertEquals(200, restored.device("d1", NOW).path("health").path("cpu_permille").asInt());
            assertEquals("2.0", restored.device("d1", NOW).path("hello").path("firmware").asText());
            // a new outbox (the gateway started again) replaces whatever n it had
            live.apply(stat("bb", 1, NOW, 400), true);
            assertEquals(400, live.device("d1", NOW).path("health").path("cpu_permille").asInt());
        }
    }

    @Test
    void aHostTimeFarAheadOfTheFleetClockIsTakenAsNow() {
        InboundParser p = new InboundParser("t", 16 * 1024, 1 << 20, () -> NOW);
        String json = "{\"v\":1,\"type\":\"det\",\"device\":\"d1\",\"outbox\":\"aa\",\"n\":1,\"host_us\":%d,\"seq\":1,"
                + "\"t_ms\":5,\"keyword\":\"yes\",\"score\":\"0.900\"}";
        Inbound.Det far = (Inbound.Det) p.parse("t/d1/det", String.format(json, NOW + 86_400_000_000L)
                .getBytes(StandardCharsets.UTF_8)).inbound();
        assertEquals(NOW, far.hostUs());
        Inbound.Det near = (Inbound.Det) p.parse("t/d1/det", String.format(json, NOW + 1_000_000L)
                .getBytes(StandardCharsets.UTF_8)).inbound();
        assertEquals(NOW + 1_000_000L, near.hostUs());
    }
}
