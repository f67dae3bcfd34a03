package dev.tinykws.dataset.synth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * One synthetic "speaker": an engine, a voice, a variant and a pitch/speed setting. Its
 * {@link #speakerId()} is a short stable hash, so the Speech Commands split rule keeps all of
 * its clips in one split.
 *
 * @param engine  engine name ({@code freetts}, {@code espeak}, {@code flite}, {@code festival})
 * @param voice   the engine's voice name
 * @param variant engine-specific variant ({@code ""} when none)
 * @param pitch   engine-specific pitch value (Hz for freetts/flite/festival, 0..99 for espeak)
 * @param speed   speed as a factor of the default rate (1 = default; > 1 faster)
 */
public record VoiceSpec(String engine, String voice, String variant, double pitch, double speed) {

    /** Canonical text the id is derived from (rounded, locale independent). */
    public String canonical() {
        return String.format(Locale.ROOT, "%s|%s|%s|%.1f|%.3f", engine, voice, variant, pitch, speed);
    }

    /** {@code <engine>-<8 hex>}: stable, short, never contains {@code _nohash_}. */
    public String speakerId() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(canonical().getBytes(StandardCharsets.UTF_8));
            return engine + "-" + HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
