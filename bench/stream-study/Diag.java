import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.detect.*;
import dev.tinykws.eval.stream.*;
import dev.tinykws.features.audio.ArrayAudioSource;
import dev.tinykws.pkg.ModelPackage;
import java.nio.file.Path;
import java.util.*;

public class Diag {
    public static void main(String[] a) throws Exception {
        ModelPackage pkg = ModelPackage.load(Path.of(a[0]));
        DatasetIndex ds = DatasetIndex.load(Path.of(a[1]));
        ModelRuntime rt0 = ModelRuntime.of(pkg, pkg.id());
        DetectorConfig d0 = rt0.detector();
        ModelRuntime rt = rt0.withDetector(new DetectorConfig(800, d0.threshold(), d0.suppressionMs(), 1, 5));
        List<String> labels = rt.labels();
        StreamSources.Sources test = StreamSources.forTest(ds, labels);
        BuiltStream s = StreamBuilder.build(test.keywords(), test.distractors(), test.noises(), Double.parseDouble(a[3]), new double[]{20,10,5}, Long.parseLong(a[2]), 16000);
        ScoreTrace tr = new ScoreTrace(labels.size());
        AudioDetection.run(new ArrayAudioSource(s.samples(), 16000), rt, d -> {}, tr);
        double[] prof = new double[40]; int[] n = new int[40];
        int[] topAtPeak = new int[labels.size()];
        double peakSum = 0; int[] lvN=new int[6]; double[] lvP=new double[6]; int[] lvH=new int[6]; int kwn = 0; int peakOver90 = 0;
        for (StreamEvent e : s.events()) {
            if (!e.keyword()) continue;
            int c = labels.indexOf(e.word());
            int best = -1; int bi = -1;
            for (int i = 0; i < tr.size(); i++) {
                long off = tr.timeMs(i) - e.startMs();
                if (off >= 0 && off < 2000) {
                    int b = (int) (off / 50);
                    prof[b] += tr.score(i, c); n[b]++;
                    if (tr.score(i, c) > best) { best = tr.score(i, c); bi = i; }
                }
            }
            double ss=0; int a0=(int)(e.startMs()*16), a1=(int)(e.endMs()*16); for (int k=a0;k<a1;k++) ss+=s.samples()[k]*s.samples()[k];
            double lev = 10*Math.log10(ss/Math.max(1,a1-a0)+1e-12); int lb=(int)Math.floor(lev/10)+6; if(lb<0)lb=0; if(lb>5)lb=5; lvN[lb]++; lvP[lb]+=best; if(best>=230) lvH[lb]++;
            kwn++; peakSum += best; if (best >= 230) peakOver90++;
            int top = 0; for (int k = 0; k < labels.size(); k++) if (tr.score(bi, k) > tr.score(bi, top)) top = k;
            topAtPeak[top == c ? 0 : top]++;
        }
        System.out.printf("keywords %d, mean peak p(kw) %.1f/255, peak>=230: %d%n", kwn, peakSum / kwn, peakOver90);
        for (int b = 0; b < 40; b++) if (n[b] > 0) System.out.printf("off %4d ms: mean p(kw) %.0f%n", b * 50, prof[b] / n[b]);
        for (int b=0;b<6;b++) if(lvN[b]>0) System.out.printf("level [%d,%d) dBFS: n %d mean peak %.0f, >=230 %d%n",(b-6)*10,(b-5)*10,lvN[b],lvP[b]/lvN[b],lvH[b]);
        System.out.println("argmax at peak (index 0 = correct): " + Arrays.toString(topAtPeak) + " " + labels);
    }
}
