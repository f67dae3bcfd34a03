package dev.tinykws.monitor.mqtt;

/** When the publisher may drop a message from its outbox. */
public enum ConfirmMode {
    /**
     * When the fleet says it stored it (an {@code ack} message after its database commit). Survives a broker
     * that loses what it held in memory ({@code kill -9} of Mosquitto): unconfirmed messages are sent again.
     */
    FLEET,
    /**
     * When the broker acknowledges it (QoS 1 PUBACK). For use without a fleet (e.g. Home Assistant only);
     * a broker crash loses the messages it had accepted but not yet delivered or saved.
     */
    BROKER
}
