package dev.tinykws.monitor.fleet;

import dev.tinykws.monitor.error.MonitorException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet's durable store: one SQLite file (WAL, {@code synchronous=FULL}: a commit is on disk before the
 * broker is acknowledged). Every detection is stored once: the primary key is {@code (device, outbox, n)} and
 * inserts are {@code INSERT OR IGNORE}, so redeliveries and resends are counted as duplicates, not stored twice.
 * Used by one writer thread; the HTTP view reads {@link FleetState}, which is rebuilt from here at start.
 *
 * <p>Which HELLO or STAT of a device is kept: the newer by {@code (outbox, n)} ({@link #newer}, the same rule as
 * the {@code WHERE} of the upserts below and in {@link FleetState}): a message from another outbox than the kept
 * one always replaces it (a new outbox means the gateway started again), within one outbox the higher {@code n}
 * wins. Never by {@code host_us}, which comes from the gateway's clock.
 */
public final class FleetStore implements AutoCloseable {
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS detections(
              device TEXT NOT NULL, outbox TEXT NOT NULL, n INTEGER NOT NULL,
              seq INTEGER NOT NULL, t_ms INTEGER NOT NULL, keyword TEXT NOT NULL, score REAL NOT NULL,
              host_us INTEGER NOT NULL, stored_us INTEGER NOT NULL,
              PRIMARY KEY(device, outbox, n)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS detections_by_time ON detections(device, host_us);
            CREATE TABLE IF NOT EXISTS devices(
              device TEXT PRIMARY KEY, online INTEGER, status_time TEXT,
              hello TEXT, hello_outbox TEXT, hello_n INTEGER, stat TEXT, stat_outbox TEXT, stat_n INTEGER,
              last_seen_us INTEGER);
            CREATE TABLE IF NOT EXISTS clips(
              device TEXT NOT NULL, outbox TEXT NOT NULL, n INTEGER NOT NULL, clip_id INTEGER NOT NULL,
              sample_rate INTEGER NOT NULL, pcm16le BLOB NOT NULL, host_us INTEGER NOT NULL,
              kind TEXT NOT NULL, for_keyword TEXT, for_seq INTEGER,
              PRIMARY KEY(device, outbox, n)) WITHOUT ROWID;
            """;

    private final Path file;
    private final Connection db;
    private final PreparedStatement insDet;
    private final PreparedStatement insClip;
    private final PreparedStatement upStatus;
    private final PreparedStatement upHello;
    private final PreparedStatement upStat;

    private FleetStore(Path file, Connection db) throws SQLException {
        this.file = file;
        this.db = db;
        insDet = db.prepareStatement("INSERT OR IGNORE INTO detections VALUES (?,?,?,?,?,?,?,?,?)");
        insClip = db.prepareStatement("INSERT OR IGNORE INTO clips VALUES (?,?,?,?,?,?,?,?,?,?)");
        upStatus = db.prepareStatement("INSERT INTO devices(device, online, status_time) VALUES (?,?,?) "
                + "ON CONFLICT(device) DO UPDATE SET online=excluded.online, status_time=excluded.status_time");
        upHello = db.prepareStatement("INSERT INTO devices(device, hello, hello_outbox, hello_n, last_seen_us) VALUES (?,?,?,?,?) "
                + "ON CONFLICT(device) DO UPDATE SET hello=excluded.hello, hello_outbox=excluded.hello_outbox, "
                + "hello_n=excluded.hello_n, last_seen_us=max(coalesce(last_seen_us,0), excluded.last_seen_us) "
                + "WHERE hello_n IS NULL OR hello_outbox<>excluded.hello_outbox OR excluded.hello_n>hello_n");
        upStat = db.prepareStatement("INSERT INTO devices(device, stat, stat_outbox, stat_n, last_seen_us) VALUES (?,?,?,?,?) "
                + "ON CONFLICT(device) DO UPDATE SET stat=excluded.stat, stat_outbox=excluded.stat_outbox, "
                + "stat_n=excluded.stat_n, last_seen_us=max(coalesce(last_seen_us,0), excluded.last_seen_us) "
                + "WHERE stat_n IS NULL OR stat_outbox<>excluded.stat_outbox OR excluded.stat_n>stat_n");
    }

    /** True when a HELLO or STAT numbered {@code (outbox, n)} replaces the kept one ({@code prevN} null: none kept). */
    static boolean newer(String prevOutbox, Long prevN, String outbox, long n) {
        return prevN == null || !outbox.equals(prevOutbox) || n > prevN;
    }

    public static FleetStore open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Connection c = connect(file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                for (String sql : SCHEMA.split(";")) {
                    if (!sql.isBlank()) {
                        s.execute(sql);
                    }
                }
            }
            c.setAutoCommit(false);
            return new FleetStore(file, c);
        } catch (Exception e) {
            throw new MonitorException("cannot open the fleet database " + file + ": " + e.getMessage(), e);
        }
    }

    static Connection connect(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=5000");
        }
        return c;
    }

    public Path file() {
        return file;
    }

    /**
     * Stores a batch in one transaction (one fsync) and returns, for each item, whether it was new (false for a
     * detection or clip already stored).
     */
    public boolean[] commit(List<Inbound> batch, long storedUs) {
        boolean[] fresh = new boolean[batch.size()];
        try {
            List<Integer> detIdx = new ArrayList<>();
            List<Integer> clipIdx = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                Inbound in = batch.get(i);
                fresh[i] = true;
                if (in instanceof Inbound.Det d) {
                    insDet.setString(1, d.device());
                    insDet.setString(2, d.outbox());
                    insDet.setLong(3, d.n());
                    insDet.setInt(4, d.seq());
                    insDet.setLong(5, d.tMs());
                    insDet.setString(6, d.keyword());
                    insDet.setDouble(7, d.score());
                    insDet.setLong(8, d.hostUs());
                    insDet.setLong(9, storedUs);
                    insDet.addBatch();
                    detIdx.add(i);
                } else if (in instanceof Inbound.Clip c) {
                    insClip.setString(1, c.device());
                    insClip.setString(2, c.outbox());
                    insClip.setLong(3, c.n());
                    insClip.setLong(4, c.clipId());
                    insClip.setInt(5, c.sampleRate());
                    insClip.setBytes(6, c.pcm16le());
                    insClip.setLong(7, c.hostUs());
                    insClip.setString(8, c.kind());
                    insClip.setString(9, c.forKeyword());
                    if (c.forSeq() < 0) {
                        insClip.setNull(10, java.sql.Types.INTEGER);
                    } else {
                        insClip.setInt(10, c.forSeq());
                    }
                    insClip.addBatch();
                    clipIdx.add(i);
                } else if (in instanceof Inbound.Status s) {
                    upStatus.setString(1, s.device());
                    upStatus.setInt(2, s.online() ? 1 : 0);
                    upStatus.setString(3, s.time());
                    upStatus.executeUpdate();
                } else if (in instanceof Inbound.Hello h) {
                    upHello.setString(1, h.device());
                    upHello.setString(2, FleetJson.hello(h).toString());
                    upHello.setString(3, h.outbox());
                    upHello.setLong(4, h.n());
                    upHello.setLong(5, h.hostUs());
                    upHello.executeUpdate();
                } else if (in instanceof Inbound.Stat st) {
                    upStat.setString(1, st.device());
                    upStat.setString(2, FleetJson.stat(st).toString());
                    upStat.setString(3, st.outbox());
                    upStat.setLong(4, st.n());
                    upStat.setLong(5, st.hostUs());
                    upStat.executeUpdate();
                }
            }
            if (!detIdx.isEmpty()) {
                int[] r = insDet.executeBatch();
                for (int k = 0; k < r.length; k++) {
                    fresh[detIdx.get(k)] = r[k] != 0;
                }
            }
            if (!clipIdx.isEmpty()) {
                int[] r = insClip.executeBatch();
                for (int k = 0; k < r.length; k++) {
                    fresh[clipIdx.get(k)] = r[k] != 0;
                }
            }
            db.commit();
            return fresh;
        } catch (SQLException e) {
            try {
                db.rollback();
            } catch (SQLException ignored) {
                // the commit failed anyway
            }
            throw new MonitorException("cannot write to the fleet database " + file + " (disk full? locked by another "
                    + "program?): " + e.getMessage(), e);
        }
    }

    /** One row of the devices table as stored. */
    public record DeviceRow(String device, Boolean online, String statusTime, String hello, String stat, Long lastSeenUs,
                            String helloOutbox, Long helloN, String statOutbox, Long statN) {
    }

    public List<DeviceRow> devices() {
        List<DeviceRow> out = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT device, online, status_time, hello, stat, last_seen_us, hello_outbox, hello_n, "
                     + "stat_outbox, stat_n FROM devices")) {
            while (r.next()) {
                Object on = r.getObject(2);
                out.add(new DeviceRow(r.getString(1), on == null ? null : ((Number) on).intValue() != 0, r.getString(3),
                        r.getString(4), r.getString(5), longOrNull(r.getObject(6)), r.getString(7), longOrNull(r.getObject(8)),
                        r.getString(9), longOrNull(r.getObject(10))));
            }
            db.commit();
        } catch (SQLException e) {
            throw new MonitorException("cannot read the fleet database " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static Long longOrNull(Object o) {
        return o == null ? null : ((Number) o).longValue();
    }

    /** Detections per device, per UTC hour and keyword since {@code sinceUs}: device → hour start (µs) → keyword → count. */
    public Map<String, Map<Long, Map<String, Long>>> hourly(long sinceUs) {
        Map<String, Map<Long, Map<String, Long>>> out = new LinkedHashMap<>();
        try (PreparedStatement p = db.prepareStatement("SELECT device, host_us / 3600000000 AS h, keyword, count(*) FROM detections "
                + "WHERE host_us >= ? GROUP BY device, h, keyword")) {
            p.setLong(1, sinceUs);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.computeIfAbsent(r.getString(1), k -> new LinkedHashMap<>())
                            .computeIfAbsent(r.getLong(2) * 3_600_000_000L, k -> new LinkedHashMap<>())
                            .put(r.getString(3), r.getLong(4));
                }
            }
            db.commit();
        } catch (SQLException e) {
            throw new MonitorException("cannot read the fleet database " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Stored detections per device. */
    public Map<String, Long> detectionCounts() {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT device, count(*) FROM detections GROUP BY device")) {
            while (r.next()) {
                out.put(r.getString(1), r.getLong(2));
            }
            db.commit();
        } catch (SQLException e) {
            throw new MonitorException("cannot read the fleet database " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing
        }
    }
}
