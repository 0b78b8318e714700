package dev.kreboot.sensor.host;

import dev.kreboot.sensor.app.SentinelProbe;
import dev.kreboot.sensor.config.SensorSettings;

/** Picks the probe the settings ask for: a sentinel command replaces the file, as in kured. */
public final class SentinelProbes {
    private SentinelProbes() {
    }

    public static SentinelProbe of(SensorSettings settings) {
        return settings.commandMode() ? CommandSentinelProbe.of(settings) : FileSentinelProbe.of(settings);
    }
}
