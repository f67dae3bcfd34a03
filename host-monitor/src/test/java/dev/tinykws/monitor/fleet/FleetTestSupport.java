package dev.tinykws.monitor.fleet;

import dev.tinykws.monitor.mqtt.BrokerAddress;
import dev.tinykws.monitor.mqtt.MqttCredentials;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.function.BooleanSupplier;

/** Helpers shared by the fleet tests. */
final class FleetTestSupport {
    private FleetTestSupport() {
    }

    static FleetSubscriber fleet(String url, Path db) {
        return new FleetSubscriber(BrokerAddress.parse(url), MqttCredentials.none(), FleetConfig.defaults(db)).start();
    }

    static long query(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    static boolean waitFor(BooleanSupplier cond, long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            if (cond.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return cond.getAsBoolean();
    }
}
