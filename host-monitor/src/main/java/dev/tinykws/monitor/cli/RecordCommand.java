package dev.tinykws.monitor.cli;

import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.device.DatasetRecorder;
import dev.tinykws.monitor.device.DeviceClient;
import dev.tinykws.monitor.device.SafeNames;
import dev.tinykws.monitor.protocol.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tinykws monitor record --port P --keyword K --count N --out DATASET}. */
@Command(name = "record", mixinStandardHelpOptions = true, sortOptions = false, version = dev.tinykws.contract.Version.NAME_AND_VERSION,
        description = {"Record keyword clips with the device microphone into a dataset.",
                "Writes DIR/<keyword>/<speaker>_nohash_<n>.wav (Speech Commands layout, 16 kHz mono PCM16); clips with "
                        + "missing chunks are rejected."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the clips were saved", "1:the device failed or does not answer (message on stderr)",
                "2:usage error: unknown option, bad value, missing required option"})
public final class RecordCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RecordCommand.class);

    @Mixin
    PortOptions portOptions;

    @Option(names = {"-k", "--keyword"}, required = true, description = "Keyword (folder name; sanitized).")
    String keyword;

    @Option(names = {"-n", "--count"}, defaultValue = "10", description = "Clips to save (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Dataset root folder.")
    Path out;

    @Option(names = "--speaker", paramLabel = "ID",
            description = "Speaker id in the file names (default: the device's model id from HELLO).")
    String speaker;

    @Option(names = "--length", defaultValue = "1s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Clip length, 100ms..10s (default: ${DEFAULT-VALUE}).")
    Duration length;

    @Option(names = "--pause", defaultValue = "700ms", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Pause between clips (default: ${DEFAULT-VALUE}).")
    Duration pause;

    @Override
    public Integer call() {
        CliLogging.configure(null, MonitorCommand.useColor("auto"), false);
        try (DeviceClient client = DeviceClient.open(portOptions.transport())) {
            String who = speaker;
            if (who == null) {
                try {
                    Message.Hello h = client.info(Duration.ofSeconds(2));
                    who = h.modelId();
                } catch (MonitorException e) {
                    LOG.warn("{}; using speaker id 'device'", e.getMessage());
                    who = "device";
                }
            }
            String safeSpeaker = SafeNames.speaker(who, "device");
            LOG.info("recording {} clip(s) of '{}' as speaker '{}' into {}", count, keyword, safeSpeaker, out);
            List<Path> files = DatasetRecorder.record(client, new DatasetRecorder.Options(out, keyword, safeSpeaker,
                    count, (int) length.toMillis(), pause, Math.max(3, count)), msg -> LOG.info("{}", msg));
            LOG.info("saved {} clip(s) in {}", files.size(), out.resolve(SafeNames.sanitize(keyword, "_")));
            return 0;
        } catch (MonitorException e) {
            LOG.error("{}", e.getMessage());
            return 1;
        } finally {
            CliLogging.shutdown();
        }
    }
}
