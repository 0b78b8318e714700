package dev.kreboot.schemas;

/**
 * Node annotations and labels kreboot reads or writes, and who sets each one.
 *
 * <table>
 * <caption>Node annotations</caption>
 * <tr><th>key</th><th>set by</th><th>meaning</th></tr>
 * <tr><td>{@value #CORDONED_BY_KREBOOT}</td><td>executor</td><td>rebootId whose drain cordoned the
 * node; absent when an admin had cordoned it first (then kreboot never uncordons)</td></tr>
 * <tr><td>{@value #REBOOT_IN_PROGRESS}</td><td>executor</td><td>rebootId of the reboot under way</td></tr>
 * <tr><td>{@value #COMPLETED_REBOOT}</td><td>executor</td><td>last rebootId whose completion was reported</td></tr>
 * </table>
 */
public final class Keys {
    public static final String PREFIX = "kreboot.dev/";
    public static final String CORDONED_BY_KREBOOT = PREFIX + "cordoned-by";
    public static final String REBOOT_IN_PROGRESS = PREFIX + "reboot-in-progress";
    public static final String COMPLETED_REBOOT = PREFIX + "completed-reboot";

    private Keys() {
    }
}
