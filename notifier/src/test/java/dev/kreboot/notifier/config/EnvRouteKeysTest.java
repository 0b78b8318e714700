package dev.kreboot.notifier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvRouteKeysTest {

    @Test
    void mapsEnvironmentVariablesToRouteKeys() {
        assertEquals(Optional.of("kreboot.notifier.routes.ops.url"), EnvRouteKeys.translate("KREBOOT_NOTIFIER_ROUTES_OPS_URL"));
        assertEquals(Optional.of("kreboot.notifier.routes.ops.url-file"),
                EnvRouteKeys.translate("KREBOOT_NOTIFIER_ROUTES_OPS_URL_FILE"));
        assertEquals(Optional.of("kreboot.notifier.routes.dash.dashboard-uid"),
                EnvRouteKeys.translate("KREBOOT_NOTIFIER_ROUTES_DASH_DASHBOARD_UID"));
        assertEquals(Optional.of("kreboot.notifier.routes.ops.template.progress.DRAIN_FAILED"),
                EnvRouteKeys.translate("KREBOOT_NOTIFIER_ROUTES_OPS_TEMPLATE_PROGRESS_DRAIN_FAILED"));
        assertEquals(Optional.of("kreboot.notifier.routes.ops.template.drain"),
                EnvRouteKeys.translate("KREBOOT_NOTIFIER_ROUTES_OPS_TEMPLATE_DRAIN"));
        assertEquals(Optional.of("kreboot.notifier.routes.audit.headers.X-Api-Key"),
                EnvRouteKeys.translate("KREBOOT_NOTIFIER_ROUTES_AUDIT_HEADERS_X_API_KEY"));
        assertEquals(Optional.empty(), EnvRouteKeys.translate("KREBOOT_CLUSTER"));
        assertEquals(Optional.empty(), EnvRouteKeys.translate("KREBOOT_NOTIFIER_ROUTES_OPS"));
    }
}
