package dev.kreboot.kubectl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed command line. Options may come before or after the command; {@code --name value} and
 * {@code --name=value} both work, as with kubectl.
 *
 * @param command      status, why, pause, resume, reboot or release
 * @param node         the node of why, reboot and release (null otherwise)
 * @param json         {@code -o json}
 * @param policy       {@code --policy} (default {@code default}): the RebootPolicy read and paused
 * @param namespace    {@code -n/--namespace}: where the coordinator runs (default: the kubeconfig context's)
 * @param service      {@code --service} (default {@code kreboot-coordinator})
 * @param port         {@code --port} (default {@code http}): the Service port's name or number
 * @param tokenSecret  {@code --token-secret}: a Secret in that namespace holding the API token
 * @param tokenKey     {@code --token-key} (default {@code token})
 * @param tokenFile    {@code --token-file}: a file holding the API token
 * @param by           {@code --by} (default $USER): who asks, recorded on the control topic
 * @param comment      {@code --comment}: why, recorded with it
 */
record Options(String command, String node, boolean json, String policy, String namespace, String service,
               String port, String tokenSecret, String tokenKey, String tokenFile, String by, String comment) {
    static final Set<String> COMMANDS = Set.of("status", "why", "pause", "resume", "reboot", "release");
    static final Set<String> NEED_NODE = Set.of("why", "reboot", "release");
    private static final Set<String> VALUED = Set.of("-o", "--output", "--policy", "-n", "--namespace", "--service",
            "--port", "--token-secret", "--token-key", "--token-file", "--by", "--comment");

    static final String USAGE = String.join("\n",
            "Usage: kubectl kreboot COMMAND [NODE] [options]",
            "",
            "Commands:",
            "  status          the RebootPolicy's status: conditions, counts and every node's phase and reasons",
            "  why NODE        every reason NODE is not progressing now",
            "  pause           set spec.paused=true on the RebootPolicy (no grant, no reboot)",
            "  resume          set spec.paused=false",
            "  reboot NODE     ask the coordinator to reboot NODE (its current boot) though its sensor says no",
            "  release NODE    free the slot of a STUCK node (it becomes FAILED)",
            "",
            "Options:",
            "  -o, --output json|text     output format (default text)",
            "  --policy NAME              the RebootPolicy (default \"default\")",
            "  -n, --namespace NS         the coordinator's namespace (default: the kubeconfig context's)",
            "  --service NAME             the coordinator's Service (default kreboot-coordinator)",
            "  --port NAME|NUMBER         its HTTP port (default http)",
            "  --token-secret NAME        Secret in NS with the coordinator's API token (reboot, release; why",
            "                             for a node the status leaves out, when the API protects reads)",
            "  --token-key KEY            key in that Secret (default token)",
            "  --token-file PATH          file with the token; KREBOOT_API_TOKEN also works",
            "  --by NAME, --comment TEXT  recorded with a reboot or release (default by: $USER)");

    static Options parse(List<String> args, Map<String, String> env) {
        List<String> positional = new ArrayList<>();
        String output = "text";
        String policy = "default";
        String namespace = null;
        String service = "kreboot-coordinator";
        String port = "http";
        String tokenSecret = null;
        String tokenKey = "token";
        String tokenFile = null;
        String by = env.getOrDefault("USER", "kubectl-kreboot");
        String comment = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-h") || a.equals("--help")) {
                throw new UsageException("help");
            }
            String name = a;
            String value = null;
            if (a.startsWith("--") && a.contains("=")) {
                name = a.substring(0, a.indexOf('='));
                value = a.substring(a.indexOf('=') + 1);
            } else if (a.startsWith("-o") && a.length() > 2 && !a.startsWith("--")) {
                name = "-o";
                value = a.substring(2);
            }
            if (!name.startsWith("-")) {
                positional.add(a);
                continue;
            }
            if (!VALUED.contains(name)) {
                throw new UsageException("unknown option " + name);
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new UsageException("option " + name + " needs a value");
                }
                value = args.get(++i);
            }
            switch (name) {
                case "-o", "--output" -> output = value;
                case "--policy" -> policy = value;
                case "-n", "--namespace" -> namespace = value;
                case "--service" -> service = value;
                case "--port" -> port = value;
                case "--token-secret" -> tokenSecret = value;
                case "--token-key" -> tokenKey = value;
                case "--token-file" -> tokenFile = value;
                case "--by" -> by = value;
                default -> comment = value;
            }
        }
        if (!output.equals("json") && !output.equals("text")) {
            throw new UsageException("-o must be json or text, not '" + output + "'");
        }
        if (positional.isEmpty()) {
            throw new UsageException("a command is needed: one of " + new java.util.TreeSet<>(COMMANDS));
        }
        String command = positional.get(0);
        if (!COMMANDS.contains(command)) {
            throw new UsageException("unknown command '" + command + "': one of " + new java.util.TreeSet<>(COMMANDS));
        }
        int expected = NEED_NODE.contains(command) ? 2 : 1;
        if (positional.size() < expected) {
            throw new UsageException(command + " needs a NODE argument");
        }
        if (positional.size() > expected) {
            throw new UsageException("unexpected argument '" + positional.get(expected) + "' after " + command);
        }
        for (String[] nameValue : new String[][] {{"--policy", policy}, {"--service", service}}) {
            if (!nameValue[1].matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
                throw new UsageException(nameValue[0] + " must be a Kubernetes object name, not '" + nameValue[1] + "'");
            }
        }
        return new Options(command, expected == 2 ? positional.get(1) : null, output.equals("json"), policy,
                namespace, service, port, tokenSecret, tokenKey, tokenFile, by, comment);
    }
}
