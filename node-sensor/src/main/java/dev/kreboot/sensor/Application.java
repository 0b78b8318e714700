package dev.kreboot.sensor;

import io.micronaut.runtime.Micronaut;

/** The deployed shell: Micronaut serves health and metrics; {@code config.SensorFactory} runs the sensor. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
