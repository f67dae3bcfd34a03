package dev.tinykws.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three real-voice figures that plain accuracy hides (docs/real-voices.md): keyword recall
 * (keyword clips classified as the right keyword), keyword rejected (keyword clips classified
 * {@code _unknown_} or {@code _silence_}) and unknown → keyword (clips of other words, true
 * label {@code _unknown_}, classified as any keyword). A ratio without clips is {@code NaN}.
 *
 * @param keywordClips  clips whose true label is a keyword
 * @param unknownClips  clips whose true label is {@code _unknown_}
 */
public record KeywordFigures(double keywordRecall, double keywordRejected, double unknownAsKeyword,
                             long keywordClips, long unknownClips) {

    public static final String UNKNOWN = "_unknown_";
    public static final String SILENCE = "_silence_";

    /** The figures of a confusion matrix whose labels name {@code _unknown_}/{@code _silence_} (either may be absent). */
    public static KeywordFigures of(ConfusionMatrix m) {
        List<String> labels = m.labels();
        int unk = labels.indexOf(UNKNOWN);
        int sil = labels.indexOf(SILENCE);
        long kwTotal = 0;
        long kwRight = 0;
        long kwRejected = 0;
        long unkAsKw = 0;
        for (int c = 0; c < labels.size(); c++) {
            if (c == unk || c == sil) {
                continue;
            }
            kwTotal += m.support(c);
            kwRight += m.count(c, c);
            kwRejected += (unk >= 0 ? m.count(c, unk) : 0) + (sil >= 0 ? m.count(c, sil) : 0);
            if (unk >= 0) {
                unkAsKw += m.count(unk, c);
            }
        }
        long unkTotal = unk >= 0 ? m.support(unk) : 0;
        return new KeywordFigures(ratio(kwRight, kwTotal), ratio(kwRejected, kwTotal), ratio(unkAsKw, unkTotal),
                kwTotal, unkTotal);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }

    /** JSON-friendly map (NaN → null). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("keywordRecall", Double.isNaN(keywordRecall) ? null : keywordRecall);
        m.put("keywordRejected", Double.isNaN(keywordRejected) ? null : keywordRejected);
        m.put("unknownAsKeyword", Double.isNaN(unknownAsKeyword) ? null : unknownAsKeyword);
        m.put("keywordClips", keywordClips);
        m.put("unknownClips", unknownClips);
        return m;
    }
}
