package dev.tinykws.monitor.protocol;

import java.util.List;

/**
 * One checksum-valid protocol line (SPEC §5): {@code $TKWS,<type>,<seq>[,<field>...]*<CS>}.
 *
 * @param type   the line type, e.g. {@code DET}
 * @param seq    sequence number 0..65535
 * @param fields the fields after the sequence number
 * @param line   the line as received, without CR/LF
 */
public record Frame(String type, int seq, List<String> fields, String line) {
    public Frame {
        fields = List.copyOf(fields);
    }

    /** Field {@code i} after the sequence number. */
    public String field(int i) {
        return fields.get(i);
    }
}
