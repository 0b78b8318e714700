package dev.kreboot.schemas.registry;

import dev.kreboot.schemas.wire.DualFormatReader;
import dev.kreboot.schemas.wire.RegistryWireFormat;
import dev.kreboot.schemas.wire.SingleObjectWireFormat;
import dev.kreboot.schemas.wire.WireFormat;
import dev.kreboot.schemas.wire.WireSettings;

/** Builds a service's {@link WireFormat} from its {@link WireSettings}. */
public final class WireFormats {
    private WireFormats() {
    }

    /**
     * Writes the configured format and reads both (a {@link DualFormatReader}); registry-framed
     * records resolve only when a registry URL is set. Nothing is contacted until the first
     * record.
     */
    public static WireFormat create(WireSettings settings) {
        SingleObjectWireFormat single = new SingleObjectWireFormat();
        RegistryWireFormat registry = settings.hasRegistry()
                ? new RegistryWireFormat(ApicurioSchemaRegistry.connect(settings)) : null;
        WireFormat writer = settings.format() == WireSettings.Format.REGISTRY ? registry : single;
        return new DualFormatReader(writer, single, registry);
    }
}
