import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.detect.*;
import dev.tinykws.eval.stream.*;
import dev.tinykws.features.audio.ArrayAudioSource;
import dev.tinykws.pkg.ModelPackage;
import java.nio.file.Path;
import java.util.*;

public class Fa {
    public static void main(String[] a) throws Exception {
        ModelPackage pkg = ModelPackage.load(Path.of(a[0]));
        DatasetIndex ds = DatasetIndex.load(Path.of(a[1]));
        ModelRuntime rt = ModelRuntime.of(pkg, pkg.id());
        List<String> labels = rt.labels();
        int q = Integer.parseInt(a[4]);
        StreamSources.Sources test = StreamSources.forTest(ds, labels);
        BuiltStream s = StreamBuilder.build(test.keywords(), test.distractors(), test.noises(), Double.parseDouble(a[3]), new double[]{20,10,5}, Long.parseLong(a[2]), 16000);
        ScoreTrace tr = new ScoreTrace(labels.size());
        AudioDetection.run(new ArrayAudioSource(s.samples(), 16000), rt, d -> {}, tr);
        List<Detection> dets = tr.replay(rt.detector(), labels, q);
        for (Detection d : dets) {
            StreamEvent near = null; long bd = Long.MAX_VALUE;
            for (StreamEvent e : s.events()) { long dd = Math.abs(d.tMs() - e.endMs()); if (dd < bd) { bd = dd; near = e; } }
            boolean hit = near != null && near.keyword() && near.word().equals(d.keyword()) && bd <= 750;
            if (!hit) System.out.printf("FA %s at %d score %d: nearest %s (kw=%b) end %d dist %d%n", d.keyword(), d.tMs(), d.scoreQ(), near.word(), near.keyword(), near.endMs(), bd);
        }
    }
}
