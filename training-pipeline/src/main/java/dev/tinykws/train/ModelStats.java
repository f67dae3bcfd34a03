package dev.tinykws.train;

import dev.tinykws.model.FloatModel;
import dev.tinykws.model.FloatModel.Layer;

/**
 * Size and cost of a {@link FloatModel}.
 *
 * @param trainableParams weights + biases + BatchNorm gamma/beta (what the optimizer updates)
 * @param deployedParams  weights + one bias per output channel after BN folding (what the int8 model stores)
 * @param macs            multiply-accumulates of one inference (conv, depthwise, FC; pooling not counted)
 * @param maxActivation   largest activation tensor in values (input included)
 */
public record ModelStats(long trainableParams, long deployedParams, long macs, long maxActivation) {

    public static ModelStats of(FloatModel model) {
        int h = model.inputH();
        int w = model.inputW();
        int c = 1;
        long trainable = 0;
        long deployed = 0;
        long macs = 0;
        long maxAct = (long) h * w * c;
        for (Layer l : model.layers()) {
            int oh;
            int ow;
            int oc = l.outChannels();
            switch (l.op()) {
                case CONV2D, DWCONV2D -> {
                    oh = (h + 2 * l.padH() - l.kh()) / l.strideH() + 1;
                    ow = (w + 2 * l.padW() - l.kw()) / l.strideW() + 1;
                    long perOut = l.op() == FloatModel.Op.CONV2D ? (long) l.kh() * l.kw() * c : (long) l.kh() * l.kw();
                    macs += (long) oh * ow * oc * perOut;
                }
                case AVGPOOL -> {
                    oh = 1;
                    ow = 1;
                }
                case FC -> {
                    macs += (long) oc * h * w * c;
                    oh = 1;
                    ow = 1;
                }
                default -> throw new IllegalStateException(l.op().toString());
            }
            long weights = l.weights() == null ? 0 : l.weights().length;
            long bias = l.bias() == null ? 0 : l.bias().length;
            long bn = l.bn() == null ? 0 : 2L * l.bn().gamma().length;
            trainable += weights + bias + bn;
            if (l.op() != FloatModel.Op.AVGPOOL) {
                deployed += weights + oc;
            }
            h = oh;
            w = ow;
            c = oc;
            maxAct = Math.max(maxAct, (long) h * w * c);
        }
        return new ModelStats(trainable, deployed, macs, maxAct);
    }
}
