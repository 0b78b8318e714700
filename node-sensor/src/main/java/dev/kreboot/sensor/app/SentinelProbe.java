package dev.kreboot.sensor.app;

import dev.kreboot.schemas.SensorMode;
import dev.kreboot.sensor.domain.HostSnapshot;
import java.nio.file.Path;
import java.util.Set;

/**
 * Looks at the host: does it need a reboot, which boot is it in. File mode checks the sentinel;
 * command mode (kured's {@code --reboot-sentinel-command}) will run a command instead.
 */
public interface SentinelProbe {

    /** Never throws: a failed look is a snapshot with {@link HostSnapshot#probeError()} set. */
    HostSnapshot probe();

    SensorMode mode();

    /**
     * Files whose creation, deletion or change should trigger a new look; the sensor watches their
     * directories. Empty when only the periodic resync can notice a change (command mode).
     */
    default Set<Path> watchedFiles() {
        return Set.of();
    }
}
