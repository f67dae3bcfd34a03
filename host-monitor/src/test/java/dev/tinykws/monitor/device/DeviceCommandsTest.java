package dev.tinykws.monitor.device;

import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.sim.DeviceSimulator;
import dev.tinykws.monitor.testutil.FakeDeviceServer;
import dev.tinykws.monitor.transport.TcpTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** THRESH and REC round trips against the fake device over loopback TCP. */
@Timeout(30)
class DeviceCommandsTest {
    @TempDir
    Path dir;

    @Test
    void setsTheThresholdAndWaitsForAck() throws Exception {
        try (FakeDeviceServer server = FakeDeviceServer.startInteractive((dev, s) -> dev.det(5, "yes", "0.990"));
             DeviceClient c = DeviceClient.open(TcpTransport.parse(server.url()))) {
            c.setThreshold(0.85, Duration.ofSeconds(3));
            assertEquals("0.850", server.device().threshold());
            assertEquals("fake-kws", c.info(Duration.ofSeconds(3)).modelId());
            assertThrows(MonitorException.class, () -> c.setThreshold(1.5, Duration.ofSeconds(1)));
        }
    }

    @Test
    void recordsClipsIntoSpeechCommandsLayout() throws Exception {
        try (FakeDeviceServer server = FakeDeviceServer.startInteractive((dev, s) -> { });
             DeviceClient c = DeviceClient.open(TcpTransport.parse(server.url()))) {
            Files.createDirectories(dir.resolve("yes"));
            Files.writeString(dir.resolve("yes/spk1_nohash_4.wav"), "existing clip is never overwritten");
            List<Path> files = DatasetRecorder.record(c, new DatasetRecorder.Options(dir, "yes", "spk1", 2, 1000,
                    Duration.ZERO, 2), msg -> { });
            assertEquals(List.of(dir.resolve("yes/spk1_nohash_5.wav"), dir.resolve("yes/spk1_nohash_6.wav")), files);
            short[] pcm = WavFiles.readPcm16Mono(files.get(0));
            assertEquals(16000, pcm.length);
            for (int i = 0; i < pcm.length; i++) {
                assertEquals(DeviceSimulator.toneSample(i), pcm[i]);
            }
            byte[] wav = Files.readAllBytes(files.get(1));
            assertEquals(44 + 32000, wav.length);
            assertEquals("RIFF", new String(wav, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals(16000, java.nio.ByteBuffer.wrap(wav, 24, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt());
        }
    }

    @Test
    void clipWithAMissingChunkIsRejectedWithTheReason() throws Exception {
        try (FakeDeviceServer server = FakeDeviceServer.startInteractive((dev, s) -> dev.dropAudChunk(3));
             DeviceClient c = DeviceClient.open(TcpTransport.parse(server.url()))) {
            server.device();
            RecordedClip clip = c.record(500, Duration.ofSeconds(3));
            assertFalse(clip.ok());
            assertNull(clip.samples());
            assertTrue(clip.rejected().contains("missing samples 768..1023"), clip.rejected());
            assertEquals(1, c.lostLines());
        }
    }

    @Test
    void namesFromTheWireOrUserCannotEscapeTheDataset() throws Exception {
        try (FakeDeviceServer server = FakeDeviceServer.startInteractive((dev, s) -> { });
             DeviceClient c = DeviceClient.open(TcpTransport.parse(server.url()))) {
            List<Path> files = DatasetRecorder.record(c, new DatasetRecorder.Options(dir, "../../etc", "../x\u0000_nohash_y",
                    1, 200, Duration.ZERO, 1), msg -> { });
            Path f = files.get(0).toAbsolutePath().normalize();
            assertTrue(f.startsWith(dir.toAbsolutePath()), f.toString());
            assertEquals("______etc", dir.relativize(f).getName(0).toString());
            assertEquals("___x__y_nohash_0.wav", f.getFileName().toString());
        }
    }
}
