package dev.tinykws.monitor.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One device's connection to the broker. One per device because the last will (status offline) belongs to a
 * connection. Clean session: the outbox, not the client, remembers what is unconfirmed.
 */
final class DeviceLink implements MqttCallback {
    private static final long MAX_BACKOFF_MS = 2000;
    final String device;
    private final MqttPublisher owner;
    private volatile MqttAsyncClient client;
    private volatile boolean replaceClient;
    private final String ackTopic;
    volatile boolean connected;
    volatile boolean connecting;
    /** Increases with every successful connection; entries sent on an older one are sent again. */
    volatile long epoch;
    long nextAttemptNanos;
    /** Highest entry of this device the fleet confirmed, and when the last confirmation came. */
    volatile long maxConfirmedN;
    volatile long lastConfirmNanos = System.nanoTime();
    private long backoffMs = 100;

    DeviceLink(MqttPublisher owner, String device) throws MqttException {
        this.owner = owner;
        this.device = device;
        this.client = newClient();
        this.ackTopic = Topics.ack(owner.broker().prefix(), device);
    }

    private MqttAsyncClient newClient() throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(owner.broker().pahoUri(), owner.config().clientId(device, owner.epoch()),
                new MemoryPersistence());
        c.setCallback(this);
        return c;
    }

    /** Starts a connection attempt if none is running and the back-off allows it. Sender thread only. */
    void maybeConnect(long now) {
        if (connected || connecting || now < nextAttemptNanos || owner.closing()) {
            return;
        }
        if (replaceClient) {
            // after a failed attempt Paho may stay "connecting" (a timeout): start again with a fresh client
            replaceClient = false;
            try {
                client.disconnectForcibly(0, 500, false);
            } catch (MqttException ignored) {
                // not connected
            }
            try {
                client.close(true);
            } catch (MqttException ignored) {
                // closed anyway
            }
            try {
                client = newClient();
            } catch (MqttException e) {
                failed(e);
                return;
            }
        } else if (client.isConnected()) {
            // marked down after a failed publish while the client is still up: use it again, and send again
            // whatever was sent on it before (a new epoch)
            epoch++;
            connected = true;
            owner.linkUp(this);
            return;
        }
        connecting = true;
        MqttConnectOptions o = MqttConnections.options(owner.broker(), owner.credentials(), true, owner.config().maxInflight());
        o.setWill(Topics.topic(owner.broker().prefix(), device, Topics.STATUS), Payloads.status(device, false, Instant.now()), 1, true);
        try {
            client.connect(o, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken t) {
                    try {
                        client.publish(Topics.topic(owner.broker().prefix(), device, Topics.STATUS),
                                Payloads.status(device, true, Instant.now()), 1, true);
                        if (owner.config().confirm() == ConfirmMode.FLEET) {
                            client.subscribe(ackTopic, 1);
                        }
                    } catch (MqttException e) {
                        failed(e);
                        return;
                    }
                    backoffMs = 100;
                    epoch++;
                    connected = true;
                    connecting = false;
                    owner.linkUp(DeviceLink.this);
                }

                @Override
                public void onFailure(IMqttToken t, Throwable e) {
                    failed(e);
                }
            });
        } catch (MqttException e) {
            failed(e);
        }
    }

    private void failed(Throwable e) {
        connected = false;
        replaceClient = true;
        nextAttemptNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        connecting = false;
        owner.linkDown(this, e);
    }

    /**
     * Publishes {@code e} at QoS 1; false when the link is down or its in-flight window is full.
     */
    boolean trySend(Outbox.Entry e) {
        if (!connected) {
            return false;
        }
        try {
            client.publish(Topics.topic(owner.broker().prefix(), device, e.type()), e.payload(), 1, e.retained(), e.n(), null);
            return true;
        } catch (MqttException ex) {
            if (ex.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                connected = false;
            }
            return false;
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        connected = false;
        nextAttemptNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
        owner.linkDown(this, cause);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        if (!ackTopic.equals(topic)) {
            return;
        }
        try {
            JsonNode a = Payloads.JSON.readTree(message.getPayload());
            if (a != null && owner.epoch().equals(a.path("outbox").asText()) && a.path("n").isArray()) {
                for (JsonNode n : a.get("n")) {
                    owner.confirmed(n.asLong());
                    maxConfirmedN = Math.max(maxConfirmedN, n.asLong());
                }
                // rejected: answered for good, never stored; dropped like confirmed ones
                for (JsonNode n : a.path("rejected")) {
                    owner.rejected(device, n.asLong());
                    maxConfirmedN = Math.max(maxConfirmedN, n.asLong());
                }
                lastConfirmNanos = System.nanoTime();
            }
        } catch (Exception ignored) {
            owner.badAck();
        }
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        if (owner.config().confirm() == ConfirmMode.BROKER && token.getUserContext() instanceof Long n) {
            owner.confirmed(n);
        }
    }

    /** Marks the device offline (retained) and disconnects; the last will is not sent on a clean disconnect. */
    void close() {
        try {
            if (client.isConnected()) {
                client.publish(Topics.topic(owner.broker().prefix(), device, Topics.STATUS),
                        Payloads.status(device, false, Instant.now()), 1, true).waitForCompletion(2000);
                client.disconnect(2000).waitForCompletion(3000);
            }
        } catch (MqttException ignored) {
            // going away anyway
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // closed
        }
    }

    /** Drops the TCP connection without a DISCONNECT, so the broker publishes the last will (tests). */
    void kill() {
        try {
            client.disconnectForcibly(0, 0, false);
            client.close(true);
        } catch (MqttException ignored) {
            // gone
        }
    }
}
