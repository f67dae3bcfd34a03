package dev.tinykws.monitor.device;

import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.protocol.Message;
import dev.tinykws.monitor.protocol.Messages;

import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;

/**
 * Reassembles one recorded clip from {@code AUD} lines (base64 PCM16LE chunks at sample offsets).
 * The total comes from the wire and is bounded ({@value Messages#MAX_CLIP_SAMPLES} samples) before
 * the buffer is allocated; every chunk is checked against it.
 */
public final class ClipAssembler {
    private final long clipId;
    private final short[] samples;
    private final BitSet have;
    private int chunks;

    public ClipAssembler(long clipId, int total) {
        if (total < 1 || total > Messages.MAX_CLIP_SAMPLES) {
            throw new MonitorException("clip " + clipId + " announces " + total + " samples; the limit is "
                    + Messages.MAX_CLIP_SAMPLES);
        }
        this.clipId = clipId;
        this.samples = new short[total];
        this.have = new BitSet(total);
    }

    public long clipId() {
        return clipId;
    }

    public int total() {
        return samples.length;
    }

    public int chunks() {
        return chunks;
    }

    /**
     * Adds one chunk.
     *
     * @return true when this chunk reached the end of the clip (offset + samples == total)
     * @throws MonitorException when the chunk belongs to another clip, changes the total, or overruns it
     */
    public boolean accept(Message.Aud a) {
        if (a.clipId() != clipId) {
            throw new MonitorException("AUD for clip " + a.clipId() + " while assembling clip " + clipId);
        }
        if (a.total() != samples.length) {
            throw new MonitorException("clip " + clipId + " total changed from " + samples.length + " to " + a.total());
        }
        byte[] pcm;
        try {
            pcm = Base64.getDecoder().decode(a.base64());
        } catch (IllegalArgumentException e) {
            throw new MonitorException("clip " + clipId + ": AUD payload at offset " + a.offset() + " is not base64");
        }
        if (pcm.length % 2 != 0 || pcm.length == 0 || pcm.length / 2 > Messages.MAX_CHUNK_SAMPLES) {
            throw new MonitorException("clip " + clipId + ": AUD chunk at offset " + a.offset() + " has " + pcm.length
                    + " bytes; expected 2..512, even");
        }
        int n = pcm.length / 2;
        if ((long) a.offset() + n > samples.length) {
            throw new MonitorException("clip " + clipId + ": chunk " + a.offset() + "+" + n + " overruns the total "
                    + samples.length);
        }
        for (int i = 0; i < n; i++) {
            samples[a.offset() + i] = (short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8));
        }
        have.set(a.offset(), a.offset() + n);
        chunks++;
        return a.offset() + n == samples.length;
    }

    public boolean complete() {
        return have.cardinality() == samples.length;
    }

    /** Missing sample ranges as {@code [from, to)} pairs. */
    public List<int[]> missing() {
        List<int[]> out = new ArrayList<>();
        int from = have.nextClearBit(0);
        while (from < samples.length) {
            int to = Math.min(samples.length, have.nextSetBit(from) < 0 ? samples.length : have.nextSetBit(from));
            out.add(new int[]{from, to});
            from = have.nextClearBit(to);
        }
        return out;
    }

    /** A reason naming the missing ranges, e.g. {@code missing samples 4096..4351 (1 gap) of 16000}. */
    public String missingReason() {
        List<int[]> m = missing();
        StringBuilder sb = new StringBuilder("missing samples ");
        for (int i = 0; i < Math.min(3, m.size()); i++) {
            sb.append(i > 0 ? ", " : "").append(m.get(i)[0]).append("..").append(m.get(i)[1] - 1);
        }
        if (m.size() > 3) {
            sb.append(", ...");
        }
        return sb.append(" (").append(m.size()).append(" gap(s), ").append(samples.length - have.cardinality())
                .append(" samples) of ").append(samples.length).toString();
    }

    /** The samples; only meaningful when {@link #complete()}. */
    public short[] samples() {
        return samples.clone();
    }
}
