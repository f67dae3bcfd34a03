package dev.tinykws.monitor.fleet;

import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.mqtt.BrokerAddress;
import dev.tinykws.monitor.mqtt.MqttConnections;
import dev.tinykws.monitor.mqtt.MqttCredentials;
import dev.tinykws.monitor.mqtt.Payloads;
import dev.tinykws.monitor.mqtt.Topics;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fleet's side of the broker: subscribes to {@code PREFIX/#} with a persistent session (clean session off, a
 * fixed client id), so the broker queues what arrives while the fleet is away. Each message is checked
 * ({@link InboundParser}), then a writer thread stores batches in one SQLite transaction and only after the
 * commit acknowledges them to the broker (manual QoS 1 acks) and tells each publisher what it stored
 * ({@code PREFIX-ack/<device>}), and which of its messages it rejected (they are never stored, so the publisher
 * drops them instead of sending them again). A crash between commit and ack means a redelivery, which the store
 * ignores.
 * Memory is bounded by the queue, in messages and in payload bytes ({@link FleetConfig#queueBytes}); when either is
 * full the MQTT client stops reading (back-pressure to the broker).
 */
public final class FleetSubscriber implements AutoCloseable, MqttCallback {
    private static final Logger LOG = LoggerFactory.getLogger(FleetSubscriber.class);
    private static final Logger REJECTS = LoggerFactory.getLogger(FleetSubscriber.class.getName() + ".rejected");

    /** {@code rejected}: the identity of a rejected data message, told to its publisher with the acks; else null. */
    private record Item(long connection, int messageId, int qos, Inbound inbound, InboundParser.Ref rejected, int bytes) {
    }

    private final BrokerAddress broker;
    private final MqttCredentials credentials;
    private final FleetConfig config;
    private final FleetStore store;
    private final FleetState state;
    private final InboundParser parser;
    private volatile MqttAsyncClient client;
    private final BlockingQueue<Item> queue;
    /** Payload bytes the queue may still take: the queue is bounded in bytes as well as in messages. */
    private final Semaphore queueBytes;
    private final Thread writer;
    private final Thread connector;
    private final AtomicLong connection = new AtomicLong();
    private final AtomicLong lastRejectLog = new AtomicLong();
    private final AtomicLong rejectsSinceLog = new AtomicLong();
    private volatile boolean connected;
    private volatile boolean stopping;
    private volatile long latestStoredUs;
    private volatile long connectedAt;

    public FleetSubscriber(BrokerAddress broker, MqttCredentials credentials, FleetConfig config) {
        this.broker = broker;
        this.credentials = credentials;
        this.config = config;
        this.store = FleetStore.open(config.db());
        this.state = new FleetState(config.maxDevices());
        this.state.restore(store);
        this.parser = new InboundParser(broker.prefix(), config.maxPayload(), config.maxClipPayload());
        this.queue = new ArrayBlockingQueue<>(config.queue());
        this.queueBytes = new Semaphore(config.queueBytes());
        try {
            this.client = newClient();
        } catch (MqttException e) {
            store.close();
            throw new MonitorException("cannot create the MQTT client for " + broker + ": " + e.getMessage(), e);
        }
        this.writer = new Thread(this::writeLoop, "fleet-writer");
        this.connector = new Thread(this::connectLoop, "fleet-connector");
    }

    private MqttAsyncClient newClient() throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(broker.pahoUri(), config.clientId(), new MemoryPersistence());
        c.setManualAcks(true);
        c.setCallback(this);
        return c;
    }

    /** Throws the client away after a failed attempt (Paho may stay "connecting" after a timeout). */
    private void replaceClient() {
        MqttAsyncClient old = client;
        try {
            old.disconnectForcibly(0, 1000, false);
        } catch (MqttException ignored) {
            // not connected
        }
        try {
            old.close(true);
        } catch (MqttException ignored) {
            // closed anyway
        }
        try {
            client = newClient();
        } catch (MqttException e) {
            LOG.error("fleet: cannot create a new MQTT client: {}", e.getMessage());
        }
    }

    /** Starts connecting (and reconnecting) and storing; returns at once. */
    public FleetSubscriber start() {
        writer.start();
        connector.start();
        return this;
    }

    public FleetState state() {
        return state;
    }

    public FleetStore store() {
        return store;
    }

    public boolean connected() {
        return connected;
    }

    public BrokerAddress broker() {
        return broker;
    }

    private void connectLoop() {
        long backoff = 100;
        while (!stopping) {
            if (!connected) {
                try {
                    // a new number before CONNECT: a resumed session's queued messages arrive right after CONNACK,
                    // and they must be acknowledged on this connection (items of an older one never are)
                    connection.incrementAndGet();
                    IMqttToken t = client.connect(MqttConnections.options(broker, credentials, false, config.maxInflight()));
                    t.waitForCompletion(15_000);
                    IMqttToken sub = client.subscribe(Topics.all(broker.prefix()), 1);
                    sub.waitForCompletion(10_000);
                    connectedAt = System.nanoTime();
                    connected = true;
                    backoff = 100;
                    LOG.info("fleet subscribed to {} on {} (session {}: {})", Topics.all(broker.prefix()), broker,
                            config.clientId(), t.getSessionPresent() ? "resumed, queued messages follow" : "new");
                } catch (MqttException e) {
                    if (backoff >= 1600 || backoff == 100) {
                        LOG.warn("fleet: broker {} not reachable: {}; retrying", broker, e.getMessage());
                    }
                    replaceClient();
                    sleep(backoff);
                    backoff = Math.min(2000, backoff * 2);
                    continue;
                }
            }
            sleep(100);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        connected = false;
        boolean soon = System.nanoTime() - connectedAt < TimeUnit.SECONDS.toNanos(5);
        LOG.warn("fleet: lost the broker {}: {}; reconnecting (the session keeps what arrives meanwhile){}", broker,
                cause == null ? "closed" : cause.getMessage(),
                soon ? "; lost right after connecting: is another fleet running with client id '" + config.clientId()
                        + "'? (the broker drops the older of two connections with the same id)" : "");
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) throws InterruptedException {
        state.received();
        InboundParser.Result r = parser.parse(topic, message.getPayload());
        Inbound in = r.inbound();
        if (in != null && !state.admit(in.device())) {
            r = new InboundParser.Result(null, Rejection.TOO_MANY_DEVICES, in.device(),
                    in instanceof Inbound.Numbered num ? new InboundParser.Ref(num.device(), num.outbox(), num.n()) : null);
            in = null;
        }
        if (r.rejection() != null) {
            state.reject(r.rejection());
            logReject(topic, r);
        }
        // what an item holds is at most about its payload (a clip's PCM is 3/4 of its base64); an empty or rejected
        // one still costs its object, and one over the whole budget takes the whole budget
        int bytes = in == null ? 64 : Math.min(config.queueBytes(), Math.max(64, message.getPayload().length));
        queueBytes.acquire(bytes);
        queue.put(new Item(connection.get(), message.getId(), message.getQos(), in, r.ref(), bytes));
    }

    private void logReject(String topic, InboundParser.Result r) {
        long now = System.nanoTime();
        long last = lastRejectLog.get();
        if (now - last > TimeUnit.SECONDS.toNanos(10) && lastRejectLog.compareAndSet(last, now)) {
            long more = rejectsSinceLog.getAndSet(0);
            REJECTS.warn("rejected a message on '{}': {} ({}){}", printable(topic), r.rejection().meaning(),
                    printable(r.detail()), more > 0 ? " (and " + more + " more since the last report)" : "");
        } else {
            rejectsSinceLog.incrementAndGet();
        }
    }

    private static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 120; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : "?");
        }
        return b.toString();
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // acks are fire-and-forget
    }

    private void writeLoop() {
        List<Item> items = new ArrayList<>(config.batch());
        while (!stopping || !queue.isEmpty()) {
            items.clear();
            try {
                Item first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                items.add(first);
                queue.drainTo(items, config.batch() - 1);
            } catch (InterruptedException e) {
                return;
            }
            List<Inbound> batch = new ArrayList<>(items.size());
            int itemBytes = 0;
            for (Item it : items) {
                itemBytes += it.bytes();
            }
            try {
                for (Item it : items) {
                    if (it.inbound() != null) {
                        batch.add(it.inbound());
                    }
                }
                boolean[] fresh;
                try {
                    long nowUs = nowUs();
                    fresh = store.commit(batch, nowUs);
                    latestStoredUs = nowUs;
                    state.committed();
                } catch (MonitorException e) {
                    LOG.error("{}; the broker keeps the messages and sends them again after a reconnection", e.getMessage());
                    try {
                        client.disconnectForcibly(0, 1000, false);
                    } catch (MqttException ignored) {
                        // reconnect anyway
                    }
                    connected = false;
                    sleep(1000);
                    continue;
                }
                // per device and outbox: [stored n, rejected n]
                Map<String, Map<String, List<List<Long>>>> acks = new LinkedHashMap<>();
                for (int i = 0; i < batch.size(); i++) {
                    Inbound in = batch.get(i);
                    state.apply(in, fresh[i]);
                    if (in instanceof Inbound.Numbered num) {
                        ackList(acks, num.device(), num.outbox()).get(0).add(num.n());
                    }
                }
                for (Item it : items) {
                    if (it.rejected() != null) {
                        ackList(acks, it.rejected().device(), it.rejected().outbox()).get(1).add(it.rejected().n());
                    }
                }
                long conn = connection.get();
                for (Item it : items) {
                    if (it.connection() == conn && it.qos() > 0) {
                        try {
                            client.messageArrivedComplete(it.messageId(), it.qos());
                        } catch (MqttException e) {
                            break;
                        }
                    }
                }
                acks.forEach((device, byOutbox) -> byOutbox.forEach((outbox, ns) -> {
                    try {
                        client.publish(Topics.ack(broker.prefix(), device), Payloads.ack(outbox, ns.get(0), ns.get(1)), 0, false);
                    } catch (MqttException e) {
                        // the publisher sends again after its confirm timeout; the store ignores the duplicate
                    }
                }));
            } finally {
                queueBytes.release(itemBytes); // the batch is written (or dropped for a redelivery)
            }
        }
    }

    private static List<List<Long>> ackList(Map<String, Map<String, List<List<Long>>>> acks, String device, String outbox) {
        return acks.computeIfAbsent(device, d -> new LinkedHashMap<>())
                .computeIfAbsent(outbox, o -> List.of(new ArrayList<>(), new ArrayList<>()));
    }

    static long nowUs() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    /** Payload bytes queued for the writer (for tests). */
    long queuedBytes() {
        return config.queueBytes() - queueBytes.availablePermits();
    }

    /** Waits until the writer has nothing queued (for tests and benchmarks). */
    public void awaitIdle(long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (!queue.isEmpty() && System.currentTimeMillis() < end) {
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        stopping = true;
        try {
            connector.join(3000);
            if (client.isConnected()) {
                client.disconnect(2000).waitForCompletion(3000);
            }
        } catch (MqttException | InterruptedException ignored) {
            // closing
        }
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // closed
        }
        store.close();
    }

    /** Drops the connection without DISCONNECT (tests: a subscriber that vanished). */
    public void kill() {
        stopping = true;
        try {
            client.disconnectForcibly(0, 0, false);
        } catch (MqttException ignored) {
            // gone
        }
        try {
            connector.join(3000);
            writer.interrupt();
            writer.join(3000);
            client.close(true);
        } catch (MqttException | InterruptedException ignored) {
            // gone
        }
        store.close();
    }
}
