package dev.tinykws.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;

/**
 * Per-epoch checkpoints in {@code <out>/checkpoints/}: {@code epoch-NNNN.params} (last epoch),
 * {@code best-NNNN.params} (best validation epoch), both DJL block parameter streams, and
 * {@code state.json} naming them with their CRC-32. Every file is written to a temporary name
 * and atomically moved into place, state last, so a kill at any moment leaves the previous
 * consistent checkpoint.
 */
public final class Checkpoints {

    static final String STATE = "state.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    public Checkpoints(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public boolean exists() {
        return Files.isRegularFile(dir.resolve(STATE));
    }

    /** The saved state, or empty when no checkpoint was written yet. */
    public Optional<CheckpointState> read() {
        Path f = dir.resolve(STATE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            CheckpointState s = JSON.readValue(f.toFile(), CheckpointState.class);
            if (s.formatVersion() != 1) {
                throw new TrainingException("checkpoint " + f + " has format version " + s.formatVersion()
                        + "; this tinykws reads version 1. Delete " + dir + " to start over.");
            }
            return Optional.of(s);
        } catch (IOException e) {
            throw new TrainingException("checkpoint state " + f + " is corrupt (" + e.getMessage()
                    + "). Delete " + dir + " to start the training over.", e);
        }
    }

    /** Writes the block's parameters for {@code epoch} (and as best if {@code best}), then the state. */
    public CheckpointState save(CheckpointState state, Block block, boolean best) {
        try {
            Files.createDirectories(dir);
            String lastName = String.format("epoch-%04d.params", state.completedEpochs());
            long lastCrc = writeParams(block, dir.resolve(lastName));
            String bestName = state.bestParams();
            long bestCrc = state.bestCrc32();
            if (best) {
                bestName = String.format("best-%04d.params", state.completedEpochs());
                Path tmp = dir.resolve(bestName + ".tmp");
                Files.copy(dir.resolve(lastName), tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, dir.resolve(bestName), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                bestCrc = lastCrc;
            }
            CheckpointState saved = new CheckpointState(state.formatVersion(), state.architecture(), state.labels(),
                    state.seed(), state.batchSize(), state.epochsPlanned(), state.dataFingerprint(),
                    state.completedEpochs(), state.updates(), state.bestEpoch(), state.bestValAccuracy(),
                    state.epochsWithoutImprovement(), state.finished(), lastName, lastCrc, bestName, bestCrc,
                    state.history());
            Path tmp = dir.resolve(STATE + ".tmp");
            JSON.writeValue(tmp.toFile(), saved);
            Files.move(tmp, dir.resolve(STATE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            deleteUnreferenced(Set.of(STATE, lastName, bestName == null ? "" : bestName));
            return saved;
        } catch (IOException e) {
            throw new TrainingException("cannot write checkpoint to " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a parameter file named in the state into {@code target}, in place: the file is read
     * into {@code scratch} (a fresh block of the same architecture) and every value is copied
     * into the target's existing arrays, so a trainer that already holds those arrays keeps
     * training the loaded values.
     */
    public void load(String fileName, long crc32, Block target, Block scratch, NDManager manager) {
        Path f = dir.resolve(fileName == null ? "(none)" : fileName);
        if (!Files.isRegularFile(f)) {
            throw new TrainingException("checkpoint file " + f + " is missing. Delete " + dir
                    + " to start the training over.");
        }
        try {
            long actual = crc32(f);
            if (actual != crc32) {
                throw new TrainingException("checkpoint file " + f + " is corrupt (CRC-32 " + Long.toHexString(actual)
                        + ", expected " + Long.toHexString(crc32) + "). Delete " + dir + " to start over.");
            }
            if (!scratch.isInitialized()) {
                scratch.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
                scratch.initialize(manager, DataType.FLOAT32, target.getInputShapes());
            }
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f)))) {
                scratch.loadParameters(manager, in);
            }
            copyParameters(scratch, target);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            if (e instanceof TrainingException te) {
                throw te;
            }
            throw new TrainingException("cannot load checkpoint " + f + " (" + e.getMessage()
                    + "); it is corrupt or from another architecture. Delete " + dir + " to start over.", e);
        }
    }

    /** Copies every parameter value of {@code from} into the arrays of {@code to} (same structure). */
    static void copyParameters(Block from, Block to) {
        var src = from.getParameters();
        var dst = to.getParameters();
        if (src.size() != dst.size()) {
            throw new TrainingException("checkpoint has " + src.size() + " parameters, the network " + dst.size());
        }
        for (int i = 0; i < src.size(); i++) {
            NDArray a = src.get(i).getValue().getArray();
            NDArray b = dst.get(i).getValue().getArray();
            if (!a.getShape().equals(b.getShape())) {
                throw new TrainingException("checkpoint parameter " + src.get(i).getKey() + " has shape "
                        + a.getShape() + ", the network expects " + b.getShape());
            }
            b.set(a.toFloatArray());
        }
    }

    /** Writes block parameters atomically and returns the file's CRC-32. */
    static long writeParams(Block block, Path target) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os))) {
            block.saveParameters(out);
        }
        long crc = crc32(tmp);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return crc;
    }

    static long crc32(Path f) throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream in = new CheckedInputStream(Files.newInputStream(f), crc)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return crc.getValue();
    }

    private void deleteUnreferenced(Set<String> keep) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String n = p.getFileName().toString();
                if (n.endsWith(".params") && !keep.contains(n)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
