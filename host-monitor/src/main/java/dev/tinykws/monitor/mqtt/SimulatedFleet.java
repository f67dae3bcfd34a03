package dev.tinykws.monitor.mqtt;

import dev.tinykws.monitor.protocol.DecodeEvent;
import dev.tinykws.monitor.protocol.FrameDecoder;
import dev.tinykws.monitor.protocol.Message;
import dev.tinykws.monitor.protocol.Messages;
import dev.tinykws.monitor.sim.DeviceSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many simulated devices behind one gateway: each {@link DeviceSimulator} writes real protocol lines, which are
 * decoded ({@link FrameDecoder}, {@link Messages}) and appended to one {@link MqttPublisher} as a monitor would.
 * One thread drives every device (HELLO at start, then, once every device is connected to the broker, DET at {@code rate} per device per second, evenly spread, STAT
 * every 5 s, spread over the devices), so 1,000 devices cost one thread plus the MQTT connections.
 */
public final class SimulatedFleet {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedFleet.class);
    private static final List<String> KEYWORDS = List.of("yes", "no", "up", "down");

    private final MqttPublisher publisher;
    private final List<Device> devices = new ArrayList<>();
    private final AtomicLong dets = new AtomicLong();
    private final AtomicLong lines = new AtomicLong();
    private volatile boolean stop;

    private final class Device extends OutputStream {
        final String id;
        final DeviceSimulator sim;
        final FrameDecoder decoder = new FrameDecoder(Integer.MAX_VALUE);

        Device(String id) {
            this.id = id;
            List<String> labels = new ArrayList<>(List.of("_silence_", "_unknown_"));
            labels.addAll(KEYWORDS);
            this.sim = new DeviceSimulator(this, id, labels);
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            Instant now = Instant.now();
            decoder.feed(b, off, len, ev -> {
                if (ev instanceof DecodeEvent.Decoded d) {
                    Message m = Messages.parse(d.frame());
                    lines.incrementAndGet();
                    if (publisher.publish(id, m, now) > 0 && m instanceof Message.Det) {
                        dets.incrementAndGet();
                    }
                }
            });
        }
    }

    /** {@code count} devices named {@code <idPrefix>0001}, ... */
    public SimulatedFleet(MqttPublisher publisher, int count, String idPrefix) {
        this.publisher = publisher;
        for (int i = 1; i <= count; i++) {
            devices.add(new Device(String.format("%s%04d", idPrefix, i)));
        }
    }

    public List<String> deviceIds() {
        return devices.stream().map(d -> d.id).toList();
    }

    /** DET lines decoded and appended to the outbox so far. */
    public long detections() {
        return dets.get();
    }

    public long lines() {
        return lines.get();
    }

    public void stop() {
        stop = true;
    }

    /**
     * Runs until {@code duration} passed, {@code maxDetsPerDevice} were sent by every device (0 = no limit) or
     * {@link #stop()}. Blocking.
     */
    public void run(double rate, Duration duration, long maxDetsPerDevice, long seed) throws java.io.IOException {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be more than 0, got " + rate);
        }
        Random r = new Random(seed);
        for (Device d : devices) {
            d.sim.hello();
        }
        long boot = System.nanoTime();
        try {
            if (!publisher.awaitConnected(60_000)) {
                LOG.warn("not every device is connected to the broker after 60 s; starting anyway (the outbox holds the rest)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        LOG.info("{} device(s) connected in {} ms", devices.size(), (System.nanoTime() - boot) / 1_000_000);
        long t0 = System.nanoTime();
        long end = duration == null ? Long.MAX_VALUE : t0 + duration.toNanos();
        int n = devices.size();
        double perSecond = rate * n;
        long tick = 0;
        long statTick = 0;
        long maxTicks = maxDetsPerDevice <= 0 ? Long.MAX_VALUE : maxDetsPerDevice * n;
        while (!stop && System.nanoTime() < end && tick < maxTicks) {
            long due = t0 + (long) (tick * 1e9 / perSecond);
            long now = System.nanoTime();
            if (due > now) {
                long sleep = due - now;
                try {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            Device d = devices.get((int) (tick % n));
            long tMs = (System.nanoTime() - t0) / 1_000_000;
            d.sim.det(tMs, KEYWORDS.get(r.nextInt(KEYWORDS.size())), DeviceSimulator.score(0.7 + 0.3 * r.nextDouble()));
            // every device sends a STAT every 5 s, the devices spread evenly over those 5 s (not all at once)
            while (System.nanoTime() - t0 >= 5_000_000_000L + statTick * 5_000_000_000L / n) {
                devices.get((int) (statTick % n)).sim.stat(tMs, 7800 + r.nextInt(900), 380 + r.nextInt(60), 10_240, 0);
                statTick++;
            }
            tick++;
        }
        LOG.info("simulated {} device(s): {} detection(s), {} line(s)", n, dets.get(), lines.get());
    }
}
