package dev.tinykws.contract;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurationsTest {

    @Test
    void unitsAndBareSeconds() {
        assertEquals(Duration.ofMillis(100), Durations.parse("100ms"));
        assertEquals(Duration.ofSeconds(3), Durations.parse("3s"));
        assertEquals(Duration.ofSeconds(3), Durations.parse("3"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
        assertEquals(Duration.ofMinutes(5), Durations.parse("5m"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("0.5m"));
        assertEquals(Duration.ofHours(2), Durations.parse("2h"));
        assertEquals(0.5, Durations.minutes(Durations.parse("30s")));
    }

    @Test
    void formatIsTheShortestExactForm() {
        for (String s : new String[] {"100ms", "3s", "5m", "2h", "1500ms", "0s"}) {
            assertEquals(s, Durations.format(Durations.parse(s)));
        }
    }

    @Test
    void badInputNamesTheAcceptedForms() {
        for (String s : new String[] {"", "3 sec", "-1s", "5x", "s"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(s), s);
            assertTrue(e.getMessage().contains("500ms, 30s, 5m, 2h"), e.getMessage());
        }
    }
}
