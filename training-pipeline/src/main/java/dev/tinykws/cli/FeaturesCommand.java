package dev.tinykws.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tinykws.features.FeatureException;
import dev.tinykws.features.FrontendConfig;
import dev.tinykws.features.audio.AudioIO;
import dev.tinykws.features.audio.AudioInfo;
import dev.tinykws.features.export.FrontendCWriter;
import dev.tinykws.features.mfcc.ClipFeatures;
import dev.tinykws.features.mfcc.Mfcc;
import dev.tinykws.pkg.ModelPackage;
import dev.tinykws.pkg.ModelPackageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code tinykws features}: MFCC of a clip, the frontend C tables. */
@Command(name = "features", mixinStandardHelpOptions = true, version = dev.tinykws.contract.Version.NAME_AND_VERSION,
        description = "Print the MFCC of a clip or write the frontend C tables (the audio frontend).",
        subcommands = {
                FeaturesCommand.Extract.class,
                FeaturesCommand.CHeader.class,
                CommandLine.HelpCommand.class
        })
public final class FeaturesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reads a FrontendConfig: inline JSON, a JSON file, or a model.json holding one under "frontend". */
    static FrontendConfig loadConfig(String arg) {
        if (arg == null) {
            return FrontendConfig.defaults();
        }
        String json = arg.strip();
        if (!json.startsWith("{")) {
            Path p = Path.of(arg);
            try {
                json = Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new FeatureException("cannot read frontend config " + p + ": " + e.getMessage(), e);
            }
        }
        try {
            return ModelPackage.frontendOf(json);
        } catch (ModelPackageException e) {
            throw new FeatureException(e.getMessage(), e);
        }
    }

    /** Runs a subcommand body; a {@link FeatureException} becomes one line on stderr and exit code 1. */
    static int guarded(CommandLine.Model.CommandSpec spec, java.util.function.IntSupplier body) {
        try {
            return body.getAsInt();
        } catch (FeatureException e) {
            spec.commandLine().getErr().println("tinykws features " + spec.name() + ": " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    static String describe(FrontendConfig c) {
        return String.format(Locale.ROOT,
                "%d Hz, %d ms window / %d ms hop, FFT %d %s, %d mel %.0f-%.0f Hz, %d MFCC, %d frames, CMS %s, int8 scale %s zp %d",
                c.sampleRate(), c.windowMs(), c.hopMs(), c.fftSize(), c.window(), c.melBands(), c.melLowHz(), c.melHighHz(),
                c.numCoefficients(), c.framesPerClip(), c.cepstralMeanSubtraction() ? "on" : "off",
                Float.toString(c.inputScale()), c.inputZeroPoint());
    }

    @Command(name = "extract", mixinStandardHelpOptions = true, version = dev.tinykws.contract.Version.NAME_AND_VERSION,
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:done", "1:the audio or the frontend config cannot be read",
                    "2:usage error: unknown option, bad value, missing required option"},
            description = {"Print the MFCC of a clip (fitted to 1 s: zero-padded or trimmed).",
                    "Default: raw MFCC per frame with a c0 level bar.",
                    "--features: also the model input (after CMS) and its int8 values.",
                    "--json: everything as one JSON object."})
    static final class Extract implements Callable<Integer> {
        @Parameters(paramLabel = "WAV", description = "Audio file (WAV PCM/float, any rate and channel count).")
        Path wav;

        @Option(names = "--json", description = "Print one JSON object (raw MFCC, features, int8) instead of tables.")
        boolean json;

        @Option(names = "--features", description = "Also print the model input features (after CMS) and int8 values.")
        boolean features;

        @Option(names = "--all", description = "Raw MFCC of every frame of the whole file instead of the first 1 s.")
        boolean all;

        @Option(names = "--config", paramLabel = "JSON", description = "FrontendConfig: inline JSON, a JSON file, or a model.json (default: built-in defaults).")
        String config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return guarded(spec, this::extract);
        }

        private int extract() {
            PrintWriter out = spec.commandLine().getOut();
            FrontendConfig cfg = loadConfig(config);
            AudioInfo info = AudioIO.probe(wav);
            float[] samples = AudioIO.readMono16k(wav);
            int nc = cfg.numCoefficients();
            float[] raw;
            int frames;
            if (all) {
                float[][] f = new Mfcc(cfg).frames(samples);
                frames = f.length;
                raw = new float[frames * nc];
                for (int t = 0; t < frames; t++) {
                    System.arraycopy(f[t], 0, raw, t * nc, nc);
                }
            } else {
                raw = new ClipFeatures(cfg).rawMfcc(samples);
                frames = cfg.framesPerClip();
            }
            float[] feat = null;
            byte[] q = null;
            if (!all) {
                feat = raw.clone();
                if (cfg.cepstralMeanSubtraction()) {
                    ClipFeatures.applyCms(feat, frames, nc);
                }
                q = ClipFeatures.quantize(feat, cfg.inputScale(), cfg.inputZeroPoint());
            }
            if (json) {
                printJson(out, cfg, info, raw, feat, q, frames, nc);
            } else {
                printTables(out, cfg, info, samples.length, raw, feat, q, frames, nc);
            }
            out.flush();
            return 0;
        }

        private void printJson(PrintWriter out, FrontendConfig cfg, AudioInfo info, float[] raw, float[] feat, byte[] q,
                               int frames, int nc) {
            ObjectMapper m = new ObjectMapper();
            ObjectNode root = m.createObjectNode();
            root.put("file", wav.toString());
            ObjectNode in = root.putObject("input");
            in.put("container", info.container());
            in.put("encoding", info.encoding().name());
            in.put("sampleRate", info.sampleRate());
            in.put("channels", info.channels());
            in.put("bitsPerSample", info.bitsPerSample());
            in.put("frames", info.frames());
            root.put("frontendHash", cfg.hashHex());
            try {
                root.set("frontend", m.readTree(cfg.toJson()));
            } catch (IOException e) {
                throw new FeatureException("cannot embed FrontendConfig JSON", e);
            }
            root.put("frames", frames);
            root.put("coefficients", nc);
            root.set("mfcc", matrix(m, raw, frames, nc));
            if (feat != null) {
                root.set("features", matrix(m, feat, frames, nc));
                ArrayNode qa = m.createArrayNode();
                for (int t = 0; t < frames; t++) {
                    ArrayNode row = qa.addArray();
                    for (int k = 0; k < nc; k++) {
                        row.add(q[t * nc + k]);
                    }
                }
                root.set("int8", qa);
            }
            out.println(root.toString());
        }

        private static ArrayNode matrix(ObjectMapper m, float[] v, int frames, int nc) {
            ArrayNode a = m.createArrayNode();
            for (int t = 0; t < frames; t++) {
                ArrayNode row = a.addArray();
                for (int k = 0; k < nc; k++) {
                    row.add(v[t * nc + k]);
                }
            }
            return a;
        }

        private void printTables(PrintWriter out, FrontendConfig cfg, AudioInfo info, int samples16k, float[] raw,
                                 float[] feat, byte[] q, int frames, int nc) {
            out.printf(Locale.ROOT, "%s: %s%n", wav, info.describe());
            if (!info.isCanonical()) {
                out.printf(Locale.ROOT, "  converted to 16 kHz mono (%d samples)%n", samples16k);
            }
            if (!all && samples16k != cfg.clipSamples()) {
                out.printf(Locale.ROOT, "  fitted to 1 s (%s; --all for every frame)%n",
                        samples16k < cfg.clipSamples() ? "zero-padded" : "trimmed");
            }
            out.printf(Locale.ROOT, "frontend %s: %s%n%n", cfg.hashHex(), describe(cfg));
            table(out, cfg, "MFCC (raw, no CMS)", raw, frames, nc, true);
            if (feat != null && features) {
                out.println();
                table(out, cfg, cfg.cepstralMeanSubtraction() ? "model input features (after CMS)" : "model input features (CMS off)",
                        feat, frames, nc, false);
                out.println();
                out.printf(Locale.ROOT, "int8 (q = clamp(round(x / %s) + %d)):%n", Float.toString(cfg.inputScale()), cfg.inputZeroPoint());
                int clipped = 0;
                for (int t = 0; t < frames; t++) {
                    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%4d %5d ", t, t * cfg.hopMs()));
                    for (int k = 0; k < nc; k++) {
                        byte v = q[t * nc + k];
                        if (v == 127 || v == -128) {
                            clipped++;
                        }
                        sb.append(String.format(Locale.ROOT, "%5d", v));
                    }
                    out.println(sb);
                }
                out.printf(Locale.ROOT, "%d of %d int8 values at the rails (-128/127)%n", clipped, frames * nc);
            } else if (!all) {
                out.println();
                out.println("(--features: model input after CMS and its int8 values; --json: everything as JSON)");
            }
        }

        private static void table(PrintWriter out, FrontendConfig cfg, String title, float[] v, int frames, int nc, boolean bar) {
            out.printf(Locale.ROOT, "%s, %d frames x %d coefficients:%n", title, frames, nc);
            StringBuilder h = new StringBuilder("   t    ms ");
            for (int k = 0; k < nc; k++) {
                h.append(String.format(Locale.ROOT, "%8s", "c" + k));
            }
            if (bar) {
                h.append("  c0 level");
            }
            out.println(h);
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int t = 0; t < frames; t++) {
                min = Math.min(min, v[t * nc]);
                max = Math.max(max, v[t * nc]);
            }
            for (int t = 0; t < frames; t++) {
                StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%4d %5d ", t, t * cfg.hopMs()));
                for (int k = 0; k < nc; k++) {
                    sb.append(String.format(Locale.ROOT, "%8.2f", v[t * nc + k]));
                }
                if (bar) {
                    int len = max > min ? Math.round(30 * (v[t * nc] - min) / (max - min)) : 0;
                    sb.append("  ").append("#".repeat(len));
                }
                out.println(sb);
            }
        }
    }

    @Command(name = "c-header", mixinStandardHelpOptions = true, version = dev.tinykws.contract.Version.NAME_AND_VERSION,
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:done", "1:the frontend config cannot be read or the files cannot be written",
                    "2:usage error: unknown option, bad value, missing required option"},
            description = "Write kws_frontend_data.h/.c (frontend constants, window, mel weights, DCT, FFT twiddles) for the firmware.")
    static final class CHeader implements Callable<Integer> {
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created if needed).")
        Path out;

        @Option(names = "--config", paramLabel = "JSON", description = "FrontendConfig: inline JSON, a JSON file, or a model.json (default: built-in defaults).")
        String config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return guarded(spec, this::write);
        }

        private int write() {
            FrontendConfig cfg = loadConfig(config);
            for (Path p : FrontendCWriter.write(cfg, out)) {
                spec.commandLine().getOut().println("wrote " + p);
            }
            spec.commandLine().getOut().println("frontend hash 0x" + cfg.hashHex());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
