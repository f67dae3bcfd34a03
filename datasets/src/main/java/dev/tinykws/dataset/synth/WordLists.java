package dev.tinykws.dataset.synth;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The words of a synthetic dataset: the default keywords, a built-in list of common English
 * words for the {@code _unknown_} class, and phonetic near-misses generated for each keyword
 * ("hey tony" and "tiny" for "hey tiny") so the model learns what is almost, but not, a keyword.
 */
public final class WordLists {
    private WordLists() {
    }

    /** The ten Speech Commands keywords. */
    public static final List<String> DEFAULT_KEYWORDS = List.of("yes", "no", "up", "down", "left", "right", "on",
            "off", "stop", "go");

    /** Common words (Speech Commands' auxiliary words, digits and everyday words). */
    public static final List<String> COMMON = List.of("bed", "bird", "cat", "dog", "happy", "house", "marvin",
            "sheila", "tree", "wow", "zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
            "nine", "backward", "forward", "follow", "learn", "visual", "hello", "okay", "please", "thanks",
            "water", "music", "light", "time", "morning", "computer", "window", "table", "maybe", "really",
            "today");

    /** A keyword's folder name: lower case, spaces to underscores, only [a-z0-9_'-]. */
    public static String folderOf(String word) {
        String f = word.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", "_").replaceAll("[^a-z0-9_'\\-]", "");
        if (f.isEmpty() || f.startsWith("_")) {
            throw new IllegalArgumentException("\"" + word + "\" is not a usable word (letters, digits, spaces)");
        }
        return f;
    }

    private static final String[][] VOWEL_SWAPS = {
            {"ey", "ee", "ie"}, {"ay", "ee", "ow"}, {"ee", "ay", "ie"}, {"oo", "oh", "ee"}, {"ow", "ay", "oo"},
            {"ai", "ee", "oo"}, {"ea", "oo", "ay"}, {"igh", "ay", "oo"},
            {"a", "o", "i"}, {"e", "a", "i"}, {"i", "o", "a"}, {"o", "a", "ee"}, {"u", "a", "i"}, {"y", "o", "ee"},
    };
    private static final String[][] ONSET_SWAPS = {
            {"b", "p", "d"}, {"p", "b", "t"}, {"d", "t", "b"}, {"t", "d", "k"}, {"g", "k", "d"}, {"k", "g", "t"},
            {"c", "g", "t"}, {"f", "v", "th"}, {"v", "f", "b"}, {"s", "sh", "z"}, {"z", "s", "j"}, {"m", "n", "b"},
            {"n", "m", "d"}, {"l", "r", "w"}, {"r", "l", "w"}, {"w", "v", "r"}, {"h", "f", "k"}, {"y", "j", "l"},
            {"j", "y", "ch"}, {"st", "sp", "sk"}, {"st", "sh", "t"},
    };

    /**
     * Near-misses of a keyword, most useful first: for a multi-word keyword each word alone and
     * the keyword with one word changed; for a single word, one-sound changes of the vowel and of
     * the first consonant. Never returns a keyword itself.
     */
    public static List<String> nearMisses(String keyword, Set<String> keywords) {
        String kw = keyword.strip().toLowerCase(Locale.ROOT);
        Set<String> out = new LinkedHashSet<>();
        String[] words = kw.split("\\s+");
        if (words.length > 1) {
            for (String w : words) {
                out.add(w);
            }
            for (int i = words.length - 1; i >= 0; i--) {
                for (String alt : variants(words[i])) {
                    String[] c = words.clone();
                    c[i] = alt;
                    out.add(String.join(" ", c));
                }
            }
        } else {
            out.addAll(variants(kw));
        }
        List<String> res = new ArrayList<>();
        for (String s : out) {
            if (!s.isBlank() && !s.equals(kw) && !keywords.contains(s)) {
                res.add(s);
            }
        }
        return res;
    }

    /** Alternating vowel and onset changes of one word. */
    static List<String> variants(String w) {
        List<String> vowel = new ArrayList<>();
        for (String[] sw : VOWEL_SWAPS) {
            int i = firstVowelGroup(w, sw[0]);
            if (i >= 0) {
                for (int k = 1; k < sw.length; k++) {
                    vowel.add(w.substring(0, i) + sw[k] + w.substring(i + sw[0].length()));
                }
                break;
            }
        }
        List<String> onset = new ArrayList<>();
        for (String[] sw : ONSET_SWAPS) {
            if (w.startsWith(sw[0]) && w.length() > sw[0].length()) {
                for (int k = 1; k < sw.length; k++) {
                    onset.add(sw[k] + w.substring(sw[0].length()));
                }
                break;
            }
        }
        List<String> res = new ArrayList<>();
        for (int i = 0; i < Math.max(vowel.size(), onset.size()); i++) {
            if (i < vowel.size()) {
                res.add(vowel.get(i));
            }
            if (i < onset.size()) {
                res.add(onset.get(i));
            }
        }
        res.removeIf(s -> s.equals(w));
        return res;
    }

    /** Index of the first vowel group equal to {@code g} that starts a vowel run, or -1. */
    private static int firstVowelGroup(String w, String g) {
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            boolean vowel = "aeiou".indexOf(c) >= 0 || (c == 'y' && i > 0);
            if (vowel) {
                return w.startsWith(g, i) ? i : -1;
            }
        }
        return -1;
    }
}
