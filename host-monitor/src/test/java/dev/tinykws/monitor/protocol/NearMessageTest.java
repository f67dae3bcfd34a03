package dev.tinykws.monitor.protocol;

import dev.tinykws.monitor.error.MonitorException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code NEAR} (near-miss) lines: same fields and checks as {@code DET}. */
class NearMessageTest {
    @Test
    void parsesANearMissLikeADetection() {
        Message.Near n = assertInstanceOf(Message.Near.class, Messages.parse(MessagesTest.frame("NEAR", "4100", "no", "0.612")));
        assertEquals(4100, n.tMs());
        assertEquals("no", n.keyword());
        assertEquals(0.612, n.scoreValue(), 1e-9);
        assertTrue(assertThrows(MonitorException.class, () -> Messages.parse(MessagesTest.frame("NEAR", "1", "no", "61%")))
                .getMessage().startsWith("malformed NEAR line (score '61%'"));
        assertThrows(MonitorException.class, () -> Messages.parse(MessagesTest.frame("NEAR", "1", "", "0.500")));
        assertThrows(MonitorException.class, () -> Messages.parse(MessagesTest.frame("NEAR", "x", "no", "0.500")));
    }
}
