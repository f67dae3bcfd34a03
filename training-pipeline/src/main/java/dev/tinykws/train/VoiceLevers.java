package dev.tinykws.train;

import dev.tinykws.model.FloatModel;
import dev.tinykws.prior.PriorCorrection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How packaging applies the real-voice options ({@link VoiceOptions}) to a trained model. */
final class VoiceLevers {

    private static final Logger LOG = LoggerFactory.getLogger(VoiceLevers.class);

    private VoiceLevers() { }

    /**
     * The model to quantize: {@code t.model()} with the class-prior correction of the training split
     * folded into its final bias when {@code v.priorCorrection()}; records the correction (or its
     * absence) under {@link PriorCorrection#METADATA_KEY} in {@code meta}.
     */
    static FloatModel priorCorrected(VoiceOptions v, TrainPipeline.Outcome t, Map<String, Object> meta) {
        Map<String, Integer> counts = t.splitCounts().get("train");
        if (v.priorCorrection() == 0) {
            meta.put(PriorCorrection.METADATA_KEY, PriorCorrection.notApplied(t.labels(), counts));
            return t.model();
        }
        PriorCorrection pc = PriorCorrection.fromCounts(t.labels(), counts).withStrength(v.priorCorrection());
        meta.put(PriorCorrection.METADATA_KEY, pc.toMetadata());
        LOG.info("class-prior correction folded into the final bias: training shares {}", pc.toMetadata().get("trainShares"));
        return pc.fold(t.model());
    }

    static Map<String, Object> describe(VoiceOptions v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("priorCorrection", v.priorCorrection());
        m.put("noiseFloorDbfs", v.noiseFloor() ? v.noiseFloorDbfs() : null);
        m.put("vtlpMaxWarp", v.vtlpMaxWarp());
        m.put("teacher", v.teacher());
        m.put("unlabeled", v.unlabeled() == null ? null : v.unlabeled().toString());
        return m;
    }
}
