package dev.tinykws.contract;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContractFactsTest {

    @Test
    void clipIsOneSecondAtSixteenKilohertz() {
        assertEquals(16_000, ClipFormat.CLIP_SAMPLES);
        assertEquals(480, ClipFormat.msToSamples(30));
        assertEquals(20, ClipFormat.samplesToMs(320));
    }

    @Test
    void clipNamesRoundTrip() {
        String f = ClipNames.fileName("espeak-1a2b3c4d", 7);
        assertEquals("espeak-1a2b3c4d_nohash_7.wav", f);
        assertEquals("espeak-1a2b3c4d", ClipNames.speakerOf(f));
        assertEquals("espeak-1a2b3c4d", ClipNames.hashName(f));
        assertEquals("loose", ClipNames.speakerOf("loose.WAV"));
        Matcher m = Pattern.compile(ClipNames.numberPattern("me.x")).matcher("me.x_nohash_12.wav");
        assertTrue(m.matches());
        assertEquals("12", m.group(1));
        assertFalse(Pattern.compile(ClipNames.numberPattern("me.x")).matcher("meax_nohash_12.wav").matches());
        assertThrows(IllegalArgumentException.class, () -> ClipNames.fileName("a_nohash_b", 0));
        assertThrows(IllegalArgumentException.class, () -> ClipNames.fileName("", 0));
        assertThrows(IllegalArgumentException.class, () -> ClipNames.fileName("a", -1));
    }

    @Test
    void modelLabelsStartWithSilenceAndUnknown() {
        List<String> l = Labels.forKeywords(List.of("yes", "no"));
        assertEquals(List.of("_silence_", "_unknown_", "yes", "no"), l);
        assertTrue(Labels.isValidModelLabels(l));
        assertFalse(Labels.isValidModelLabels(List.of("_silence_", "_unknown_")));
        assertFalse(Labels.isValidModelLabels(List.of("_unknown_", "_silence_", "yes")));
        assertTrue(Labels.isFiller("_silence_"));
        assertFalse(Labels.isFiller("yes"));
    }
}
