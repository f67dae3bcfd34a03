package dev.tinykws.dataset.cli;

import dev.tinykws.dataset.DatasetException;
import dev.tinykws.dataset.check.DatasetConverter;
import dev.tinykws.dataset.check.Finding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code tinykws dataset convert SRC DST}. */
@Command(name = "convert", mixinStandardHelpOptions = true, version = dev.tinykws.contract.Version.NAME_AND_VERSION,
        description = {"Copy a dataset folder into the layout format (16 kHz mono PCM16, 1 s).",
                "Writes into DST: WAVs of any rate, channel count and PCM/float encoding become 16 kHz mono PCM16;",
                "word clips become exactly 1 s (padded, or cut around the speech); background noise keeps its length.",
                "Unreadable files are reported and skipped. Existing files in DST are kept (resumable)."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every file made it", "1:some files were skipped (listed on stdout)",
                "2:usage error: unknown option, missing argument, a bad SRC or DST folder"})
public final class ConvertCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SRC", description = "Source dataset folder (same layout, odd formats allowed).")
    Path src;

    @Parameters(index = "1", paramLabel = "DST", description = "Destination folder.")
    Path dst;

    @Override
    public Integer call() {
        DatasetConverter.Report r;
        try {
            r = DatasetConverter.convert(src, dst);
        } catch (DatasetException e) {
            System.err.println("tinykws dataset convert: " + e.getMessage());
            return 2;
        }
        for (Finding f : r.skipped()) {
            System.out.println("skipped " + f.issue().name() + ": " + f.message());
        }
        System.out.printf("%d copied as they were, %d converted, %d already in %s, %d skipped%n", r.copied(),
                r.converted(), r.existing(), dst, r.skipped().size());
        return r.skipped().isEmpty() ? 0 : 1;
    }
}
