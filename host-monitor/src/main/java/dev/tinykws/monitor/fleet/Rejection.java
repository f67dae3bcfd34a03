package dev.tinykws.monitor.fleet;

/** Why the fleet refused a message from the broker (each is counted, none is stored). */
public enum Rejection {
    TOO_LARGE("payload over the size limit"),
    UNKNOWN_TOPIC("topic not PREFIX/<device>/<type> with a known type"),
    BAD_DEVICE_ID("device id not usable (/, +, #, .., control characters...)"),
    MALFORMED_JSON("payload is not a JSON object"),
    BAD_FIELD("a field is missing, of the wrong type or out of range"),
    DEVICE_MISMATCH("the payload names another device than the topic"),
    TOO_MANY_DEVICES("more devices than --max-devices");

    private final String meaning;

    Rejection(String meaning) {
        this.meaning = meaning;
    }

    public String meaning() {
        return meaning;
    }
}
