package dev.tinykws.demo;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DemoDatasetDefaultsTest {

    @Test
    void demoDatasetIsTwiceTheSynthDefault() {
        assertEquals(List.of("--per-voice", "6", "--unknown-speakers", "16"), Demo.datasetDefaults(List.of(), 0));
        assertEquals(2 * dev.tinykws.dataset.cli.SynthCommand.DEFAULT_PER_VOICE, Demo.DEMO_PER_VOICE);
    }

    @Test
    void moreSettingsPerVoiceWhenFewEnginesNeedThem() {
        assertEquals(List.of("--per-voice", "12", "--unknown-speakers", "16"), Demo.datasetDefaults(List.of(), 12));
    }

    @Test
    void theUsersOwnSynthArgumentsWin() {
        assertEquals(List.of("--unknown-speakers", "16"), Demo.datasetDefaults(List.of("--per-voice=3"), 12));
        assertEquals(List.of("--per-voice", "6"), Demo.datasetDefaults(List.of("--unknown-speakers", "8"), 0));
        assertEquals(List.of(), Demo.datasetDefaults(List.of("--per-voice", "2", "--unknown-speakers=4"), 0));
    }
}
