package dev.kreboot.executor.domain;

import java.util.Map;
import java.util.Objects;

/**
 * The optional marks kured can leave on a node, as configured.
 *
 * @param preRebootLabels       set in the cordon patch (kured: before cordoning)
 * @param postRebootLabels      set in the restore patch after a verified reboot, also when an
 *                              administrator's cordon stays (kured applies them only after its uncordon)
 * @param annotateNodes         write {@link NodeKeys#REBOOT_IN_PROGRESS_SINCE} and
 *                              {@link NodeKeys#MOST_RECENT_REBOOT_NEEDED} (kured's {@code annotate-nodes})
 * @param preferNoScheduleTaint key of the PreferNoSchedule taint put on a node waiting for its slot;
 *                              empty when off. The restore patches always remove it.
 */
public record NodeMarks(Map<String, String> preRebootLabels, Map<String, String> postRebootLabels, boolean annotateNodes,
                        String preferNoScheduleTaint) {

    public static final NodeMarks NONE = new NodeMarks(Map.of(), Map.of(), false, "");

    public NodeMarks {
        preRebootLabels = Map.copyOf(preRebootLabels);
        postRebootLabels = Map.copyOf(postRebootLabels);
        preferNoScheduleTaint = Objects.requireNonNullElse(preferNoScheduleTaint, "");
    }

    public boolean taintEnabled() {
        return !preferNoScheduleTaint.isBlank();
    }
}
