package dev.tinykws.train;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import dev.tinykws.features.FrontendConfig;
import dev.tinykws.pkg.ModelPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a training run from an existing model package ({@code tinykws train --init BASE}):
 * every parameter (and BatchNorm statistic) of the base's float checkpoint is copied into the
 * new network. When the label lists differ, only the last layer changes: rows of labels both
 * models know ({@code _silence_}, {@code _unknown_}, shared keywords) are copied, rows of new
 * labels keep their fresh random initialization.
 *
 * <p>The base must have the same frontend (the features mean the same thing) and architecture.
 */
public final class WarmStart {

    private static final Logger LOG = LoggerFactory.getLogger(WarmStart.class);

    private final Path dir;
    private final String baseId;
    private final List<String> baseLabels;
    private final Architecture architecture;
    private final Path params;

    private WarmStart(Path dir, String baseId, List<String> baseLabels, Architecture architecture, Path params) {
        this.dir = dir;
        this.baseId = baseId;
        this.baseLabels = List.copyOf(baseLabels);
        this.architecture = architecture;
        this.params = params;
    }

    /**
     * Opens a base package and checks that it fits the run.
     *
     * @throws TrainingException when the package, its float checkpoint, its frontend or its
     *                           architecture do not fit
     */
    public static WarmStart open(Path base, Architecture architecture, FrontendConfig frontend) {
        ModelPackage pkg;
        try {
            pkg = ModelPackage.load(base);
        } catch (RuntimeException e) {
            throw new TrainingException("--init " + base + ": " + e.getMessage(), e);
        }
        // the int8 input quantization is calibrated per package; everything else must match
        FrontendConfig theirs = pkg.frontend().withInputQuantization(frontend.inputScale(), frontend.inputZeroPoint());
        if (!theirs.equals(frontend)) {
            throw new TrainingException("--init " + base + ": the package was trained with another frontend ("
                    + pkg.frontend().toJson() + "); its features mean something else. Train from scratch instead.");
        }
        String arch = pkg.floatModel().architecture();
        if (!arch.equals(architecture.id())) {
            throw new TrainingException("--init " + base + " is a " + arch + " model but this run trains "
                    + architecture.id() + ": pass --arch " + arch);
        }
        Path params = latestFloatCheckpoint(base);
        return new WarmStart(base, pkg.id(), pkg.labels(), architecture, params);
    }

    private static Path latestFloatCheckpoint(Path base) {
        try (Stream<Path> s = Files.list(base)) {
            List<Path> files = s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(TrainPipeline.FLOAT_CHECKPOINT + "-") && n.endsWith(".params");
            }).sorted().toList();
            if (files.isEmpty()) {
                throw new TrainingException("--init " + base + " has no float checkpoint ("
                        + TrainPipeline.FLOAT_CHECKPOINT + "-NNNN.params): only packages written by `tinykws train` "
                        + "can be fine-tuned");
            }
            return files.get(files.size() - 1);
        } catch (IOException e) {
            throw new TrainingException("cannot list " + base + ": " + e.getMessage(), e);
        }
    }

    /** The base package's id (e.g. {@code demo-9237ff49}). */
    public String baseId() {
        return baseId;
    }

    public List<String> baseLabels() {
        return baseLabels;
    }

    /**
     * Copies the base parameters into {@code target} (already initialized for {@code labels}).
     *
     * @return how many output rows were copied from the base (labels both know)
     */
    public int apply(Block target, List<String> labels) {
        try (Model m = Model.newInstance("init-" + baseId)) {
            Block scratch = architecture.build(baseLabels.size());
            scratch.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
            Shape[] in = target.getInputShapes();
            scratch.initialize(m.getNDManager(), DataType.FLOAT32, in);
            m.setBlock(scratch);
            m.load(dir, TrainPipeline.FLOAT_CHECKPOINT); // the latest float-NNNN.params
            return copy(scratch, target, baseLabels, labels);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            if (e instanceof TrainingException te) {
                throw te;
            }
            throw new TrainingException("--init: cannot load " + params + " (" + e.getMessage()
                    + "); the package is corrupt or from another version: retrain it", e);
        }
    }

    /**
     * Copies every parameter; the last two (the output layer's weight [classes, in] and bias
     * [classes]) row by row for the labels both lists hold. Returns the rows copied.
     */
    static int copy(Block from, Block to, List<String> fromLabels, List<String> toLabels) {
        ai.djl.nn.ParameterList src = from.getParameters();
        ai.djl.nn.ParameterList dst = to.getParameters();
        if (src.size() != dst.size()) {
            throw new TrainingException("--init: the base network has " + src.size() + " parameters, this one "
                    + dst.size());
        }
        int last = src.size() - 2;
        for (int i = 0; i < last; i++) {
            NDArray a = src.get(i).getValue().getArray();
            NDArray b = dst.get(i).getValue().getArray();
            if (!a.getShape().equals(b.getShape())) {
                throw new TrainingException("--init: parameter " + src.get(i).getKey() + " has shape " + a.getShape()
                        + " in the base, " + b.getShape() + " here");
            }
            b.set(a.toFloatArray());
        }
        NDArray wSrc = src.get(last).getValue().getArray();
        NDArray wDst = dst.get(last).getValue().getArray();
        NDArray bSrc = src.get(last + 1).getValue().getArray();
        NDArray bDst = dst.get(last + 1).getValue().getArray();
        int inFeatures = (int) wDst.getShape().get(1);
        if (wSrc.getShape().get(1) != inFeatures || wSrc.getShape().get(0) != fromLabels.size()
                || wDst.getShape().get(0) != toLabels.size()) {
            throw new TrainingException("--init: output layer shapes " + wSrc.getShape() + " / " + wDst.getShape()
                    + " do not fit " + fromLabels.size() + " / " + toLabels.size() + " labels");
        }
        float[] ws = wSrc.toFloatArray();
        float[] wd = wDst.toFloatArray();
        float[] bs = bSrc.toFloatArray();
        float[] bd = bDst.toFloatArray();
        int rows = 0;
        List<String> fresh = new ArrayList<>();
        for (int j = 0; j < toLabels.size(); j++) {
            int i = fromLabels.indexOf(toLabels.get(j));
            if (i < 0) {
                fresh.add(toLabels.get(j));
                continue;
            }
            System.arraycopy(ws, i * inFeatures, wd, j * inFeatures, inFeatures);
            bd[j] = bs[i];
            rows++;
        }
        wDst.set(wd);
        bDst.set(bd);
        if (!fresh.isEmpty()) {
            LOG.info("--init: new labels {} start from a fresh output row; the rest of the network comes from the base",
                    fresh);
        }
        return rows;
    }
}
