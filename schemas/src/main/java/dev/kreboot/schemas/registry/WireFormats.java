package dev.kreboot.schemas.registry;

import dev.kreboot.schemas.wire.DualFormatReader;
import dev.kreboot.schemas.wire.RegistryWireFormat;
import dev.kreboot.schemas.wire.SingleObjectWireFormat;
import dev.kreboot.schemas.wire.WireFormat;
import dev.kreboot.schemas.wire.WireSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds a service's {@link WireFormat} from its {@link WireSettings}. */
public final class WireFormats {
    private static final Logger LOG = LoggerFactory.getLogger(WireFormats.class);

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

    /**
     * A service's one wire format at start-up: logs the settings it was built from once (secrets
     * masked), then {@link #create}.
     */
    public static WireFormat configured(WireSettings settings) {
        LOG.info("wire format: {}", settings);
        return create(settings);
    }
}
