package dev.tinykws.monitor.mqtt;

import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.protocol.Message;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes decoded device messages to an MQTT broker through an on-disk {@link Outbox}: HELLO (retained), DET,
 * STAT and recorded clips go to {@code PREFIX/<device>/<type>} as JSON at QoS 1. One broker connection per
 * device (its last will marks the device offline); one outbox and one sender thread per publisher, so a gateway
 * with many devices shares one fsync (group commit).
 *
 * <p>The sender hands entries to the broker in outbox order as soon as they are durable. An entry stays in the
 * outbox until confirmed ({@link ConfirmMode}); after a reconnection every unconfirmed entry is sent again, and
 * with {@link ConfirmMode#FLEET} also when no ack came within the confirm timeout. Duplicates are expected and
 * recognised downstream by {@code (device, outbox, n)}.
 */
public final class MqttPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttPublisher.class);
    private static final long RESCAN_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long MAX_CONFIRM_WAIT_NANOS = TimeUnit.MINUTES.toNanos(2);

    private final BrokerAddress broker;
    private final MqttCredentials credentials;
    private final PublisherConfig config;
    private final Outbox outbox;
    private final Map<String, DeviceLink> links = new ConcurrentHashMap<>();
    private final Object wake = new Object();
    private final Thread sender;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private final AtomicLong confirmed = new AtomicLong();
    private final AtomicLong badAcks = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong linkDowns = new AtomicLong();
    private volatile boolean closing;
    private boolean woken;
    private long lastDownLog;
    private long downsSinceLog;

    public MqttPublisher(BrokerAddress broker, MqttCredentials credentials, PublisherConfig config) {
        this.broker = broker;
        this.credentials = credentials;
        this.config = config;
        this.outbox = Outbox.open(config.outboxDir(), config.fsync(), config.maxInMemory(), this::wake);
        this.sender = new Thread(this::sendLoop, "mqtt-sender");
        this.sender.setDaemon(true);
        this.sender.start();
        LOG.info("publishing to {} (confirm by {}, outbox {}, epoch {})", broker, config.confirm().name().toLowerCase(),
                config.outboxDir(), outbox.epoch());
    }

    BrokerAddress broker() {
        return broker;
    }

    MqttCredentials credentials() {
        return credentials;
    }

    PublisherConfig config() {
        return config;
    }

    String epoch() {
        return outbox.epoch();
    }

    boolean closing() {
        return closing;
    }

    public Outbox outbox() {
        return outbox;
    }

    /**
     * Appends a HELLO, DET or STAT of {@code device} to the outbox (other types are ignored) and returns its
     * outbox number, or -1 when the type is not published or the message breaks {@link PayloadRules} (the fleet
     * would reject it; logged). Thread-safe; returns once the entry is written.
     */
    public long publish(String device, Message m, Instant hostTime) {
        DeviceIds.require(device, "the publisher");
        String type = m instanceof Message.Det ? Topics.DET : m instanceof Message.Hello ? Topics.HELLO
                : m instanceof Message.Stat ? Topics.STAT : null;
        if (type == null) {
            return -1;
        }
        String problem = PayloadRules.problem(m);
        if (problem != null) {
            notPublished(device, type, problem);
            return -1;
        }
        ensureLink(device);
        return outbox.append(device, type, Topics.HELLO.equals(type), n -> Payloads.of(m, device, outbox.epoch(), n, hostTime));
    }

    /** Appends a clip of {@code device} (see {@link Payloads#clip}). */
    public long publishClip(String device, long clipId, short[] samples, Instant hostTime, String kind,
                            dev.tinykws.monitor.device.ClipLines.Line forDet) {
        DeviceIds.require(device, "the publisher");
        String problem = PayloadRules.clipProblem(samples.length, forDet);
        if (problem != null) {
            notPublished(device, Topics.CLIP, problem);
            return -1;
        }
        ensureLink(device);
        return outbox.append(device, Topics.CLIP, false,
                n -> Payloads.clip(device, outbox.epoch(), n, hostTime, clipId, samples, kind, forDet));
    }

    private void notPublished(String device, String type, String problem) {
        long k = invalid.incrementAndGet();
        if (k <= 10 || k % 1000 == 0) {
            LOG.warn("{}: not publishing a {} the fleet would reject: {} ({} so far)", device, type, problem, k);
        }
    }

    private void ensureLink(String device) {
        if (!links.containsKey(device)) {
            links.computeIfAbsent(device, d -> {
                try {
                    return new DeviceLink(this, d);
                } catch (MqttException e) {
                    throw new MonitorException("cannot create an MQTT client for " + d + ": " + e.getMessage(), e);
                }
            });
            wake();
        }
    }

    void wake() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    void confirmed(long n) {
        if (outbox.confirm(n)) {
            confirmed.incrementAndGet();
        }
    }

    /** The fleet will never store entry {@code n} (it broke the payload rules): drop it instead of sending it again. */
    void rejected(String device, long n) {
        Outbox.Entry e = outbox.pending().get(n);
        if (outbox.confirm(n)) {
            long k = rejected.incrementAndGet();
            if (k <= 10 || k % 1000 == 0) {
                LOG.warn("{}: the fleet rejected outbox entry {} ({}); dropped from the outbox, not sent again; the fleet's "
                        + "log says why ({} so far)", device, n, e == null ? "?" : e.type(), k);
            }
        }
    }

    void badAck() {
        badAcks.incrementAndGet();
    }

    void linkUp(DeviceLink l) {
        LOG.debug("{}: connected to {}", l.device, broker);
        wake();
    }

    void linkDown(DeviceLink l, Throwable cause) {
        linkDowns.incrementAndGet();
        synchronized (this) {
            downsSinceLog++;
            long now = System.nanoTime();
            if (now - lastDownLog > TimeUnit.SECONDS.toNanos(5)) {
                LOG.warn("broker {} not reachable ({} link(s) down, last: {}): {}; the outbox keeps every message",
                        broker, downsSinceLog, l.device, cause == null ? "closed" : cause.getMessage());
                lastDownLog = now;
                downsSinceLog = 0;
            }
        }
        wake();
    }

    private void sendLoop() {
        long cursor = 0;
        long lastScan = 0;
        long lastCheckpoint = System.nanoTime();
        while (!closing) {
            synchronized (wake) {
                if (!woken) {
                    try {
                        wake.wait(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                woken = false;
            }
            try {
                long now = System.nanoTime();
                for (DeviceLink l : links.values()) {
                    l.maybeConnect(now);
                }
                outbox.refill();
                long durable = outbox.durable();
                NavigableMap<Long, Outbox.Entry> fresh = cursor <= durable
                        ? outbox.pending().subMap(cursor, true, durable, true) : java.util.Collections.emptyNavigableMap();
                for (Outbox.Entry e : fresh.values()) {
                    DeviceLink l = links.get(e.device());
                    if (l == null) {
                        ensureLink(e.device());
                        l = links.get(e.device());
                    }
                    send(l, e, now, false);
                    cursor = e.n() + 1;
                }
                if (now - lastScan > RESCAN_NANOS) {
                    lastScan = now;
                    for (Outbox.Entry e : outbox.pending().headMap(cursor, false).values()) {
                        DeviceLink l = links.get(e.device());
                        if (l == null) {
                            ensureLink(e.device());
                            continue;
                        }
                        if (!l.connected) {
                            continue;
                        }
                        boolean stale = e.sentLinkEpoch != l.epoch;
                        boolean timedOut = config.confirm() == ConfirmMode.FLEET && e.sentLinkEpoch == l.epoch
                                && lostOnTheWay(l, e, now);
                        if (stale || timedOut) {
                            send(l, e, now, true);
                        }
                    }
                }
                if (now - lastCheckpoint > TimeUnit.SECONDS.toNanos(1)) {
                    outbox.checkpoint();
                    lastCheckpoint = now;
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("publisher: {}", e.toString());
            }
        }
    }

    /**
     * With fleet confirmation, an entry sent on the current connection is sent again when the fleet confirmed a
     * later entry of the same device (the broker keeps a connection's order, so this one was lost: e.g. the
     * fleet's session was gone after a broker restart) or when the fleet confirmed nothing of this device for
     * the confirm timeout (doubling per attempt, at most 2 min). A fleet that is merely behind keeps
     * confirming in order, so a backlog does not trigger a storm of duplicates.
     */
    private boolean lostOnTheWay(DeviceLink l, Outbox.Entry e, long now) {
        long timeout = config.confirmTimeout().toNanos();
        if (now - e.sentNanos <= timeout) {
            return false;
        }
        if (l.maxConfirmedN > e.n()) {
            return true;
        }
        long wait = Math.min(MAX_CONFIRM_WAIT_NANOS, timeout << Math.min(10, Math.max(0, e.attempts - 1)));
        return now - Math.max(l.lastConfirmNanos, e.sentNanos) > wait;
    }

    private void send(DeviceLink l, Outbox.Entry e, long now, boolean again) {
        if (l.trySend(e)) {
            e.sentNanos = now;
            e.sentLinkEpoch = l.epoch;
            e.attempts++;
            (again && e.attempts > 1 ? resent : sent).incrementAndGet();
        }
    }

    /**
     * Counters of this publisher.
     *
     * @param appended    entries appended since start
     * @param sent        first publications
     * @param resent      publications again (after a reconnection or a confirm timeout)
     * @param confirmed   entries confirmed since start
     * @param unconfirmed entries still in the outbox
     * @param linksUp     device connections up
     * @param links       device connections
     * @param linkDowns   connection losses and failed attempts
     * @param invalid     messages not published because the fleet would reject them ({@link PayloadRules})
     * @param rejected    entries the fleet rejected (dropped from the outbox)
     */
    public record Stats(long appended, long sent, long resent, long confirmed, long unconfirmed, int linksUp, int links,
                        long linkDowns, long invalid, long rejected) {
    }

    public Stats stats() {
        int up = (int) links.values().stream().filter(l -> l.connected).count();
        return new Stats(outbox.appendedThisSession(), sent.get(), resent.get(), confirmed.get(), outbox.unconfirmed(), up,
                links.size(), linkDowns.get(), invalid.get(), rejected.get());
    }

    /** Waits until every device link is connected or {@code timeoutMs} passed; true when all are up. */
    public boolean awaitConnected(long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            if (links.values().stream().allMatch(l -> l.connected)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /**
     * Waits until every entry is confirmed or {@code timeoutMs} passed.
     *
     * @return true when the outbox is empty
     */
    public boolean drain(long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (outbox.unconfirmed() > 0 && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        return outbox.unconfirmed() == 0;
    }

    /** Stops sending, marks devices offline, closes the outbox (what is unconfirmed is sent by the next run). */
    @Override
    public void close() {
        closing = true;
        wake();
        try {
            sender.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        links.values().parallelStream().forEach(DeviceLink::close);
        outbox.close();
        Stats s = stats();
        LOG.info("publisher closed: {} sent, {} sent again, {} confirmed, {} left in the outbox for the next run",
                s.sent(), s.resent(), s.confirmed(), s.unconfirmed());
    }

    /** Drops every broker connection without DISCONNECT (the broker sends the last wills); for tests. */
    void killLinks() {
        links.values().forEach(DeviceLink::kill);
    }
}
