package dev.tinykws.monitor.transport;

import dev.tinykws.monitor.error.MonitorException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransportSpecTest {
    @Test
    void parsesPorts() {
        assertEquals("tcp://127.0.0.1:4000", assertInstanceOf(TcpTransport.class, Transport.of("tcp://127.0.0.1:4000", 0)).name());
        assertEquals(9600, assertInstanceOf(SerialTransport.class, Transport.of("/dev/ttyACM0", 9600)).baud());
        assertTrue(assertThrows(MonitorException.class, () -> Transport.of("tcp://127.0.0.1", 0)).getMessage().contains("tcp://host:port"));
        assertThrows(MonitorException.class, () -> Transport.of("tcp://127.0.0.1:70000", 0));
    }

    @Test
    void baudHintNamesOtherRates() {
        String h = new SerialTransport("/dev/ttyUSB0", 9600).baudHint(0.6);
        assertTrue(h.contains("now 9600") && h.contains("try --baud 115200"), h);
        assertFalse(h.contains(", 9600"), h);
        assertTrue(new SerialTransport("/dev/ttyUSB0", 115200).baudHint(0.0).contains("not a TinyKWS device"));
    }

    @Test
    void absentSerialDeviceFailsToOpenWithAReason() {
        var e = assertThrows(java.io.IOException.class, () -> new SerialTransport("/dev/tinykws-nonexistent", 115200).open());
        assertTrue(e.getMessage().contains("does not exist"));
    }
}
