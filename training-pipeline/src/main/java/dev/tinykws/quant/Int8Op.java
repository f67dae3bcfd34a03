package dev.tinykws.quant;

/** int8 operations; {@link #code()} is the value of {@code kws_op_t} in the generated C. */
public enum Int8Op {
    CONV2D(1), DWCONV2D(2), AVGPOOL(3), FC(4), SOFTMAX(5);

    private final int code;

    Int8Op(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public String cName() {
        return "KWS_OP_" + name();
    }
}
