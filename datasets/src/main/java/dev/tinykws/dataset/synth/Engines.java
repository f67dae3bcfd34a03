package dev.tinykws.dataset.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The known engines and which of them can run here. */
public final class Engines {
    private Engines() {
    }

    /** All engines in a stable order: FreeTTS (embedded) first. */
    public static List<Tts> all() {
        return List.of(new FreeTtsEngine(), new EspeakEngine(), new FliteEngine(), new FestivalEngine());
    }

    /** Names of all engines. */
    public static List<String> names() {
        return all().stream().map(Tts::name).toList();
    }

    /** Looks up an engine by name (also accepts espeak-ng). */
    public static Tts byName(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.equals("espeak-ng")) {
            n = "espeak";
        }
        for (Tts t : all()) {
            if (t.name().equals(n)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown TTS engine \"" + name + "\"; known: " + names());
    }

    /** The requested engines (or all) that are available; requested but missing ones go to {@code missing}. */
    public static List<Tts> select(List<String> requested, List<String> missing) {
        List<Tts> out = new ArrayList<>();
        List<Tts> candidates = requested.isEmpty() ? all() : requested.stream().map(Engines::byName).toList();
        for (Tts t : candidates) {
            if (t.available()) {
                out.add(t);
            } else {
                missing.add(t.name());
            }
        }
        return out;
    }
}
