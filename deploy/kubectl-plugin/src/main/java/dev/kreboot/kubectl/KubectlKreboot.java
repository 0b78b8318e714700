package dev.kreboot.kubectl;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code kubectl kreboot}: the entry point. Exit status 0 on success, 1 when the command could
 * not be done (one line on stderr saying why), 2 on a bad command line (the line and the usage).
 * The Kubernetes client is the user's: kubeconfig, current context, its namespace and credentials,
 * exactly as kubectl resolves them ({@code KUBECONFIG} included).
 */
public final class KubectlKreboot {
    private KubectlKreboot() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), KubectlKreboot::userClient, System.out, System.err));
    }

    /**
     * The kubeconfig's client, failing fast: a command-line tool should say "unreachable" in
     * seconds, not retry with backoff for the better part of a minute as a controller would.
     */
    static KubernetesClient userClient() {
        Config config = new ConfigBuilder(Config.autoConfigure(null)).withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(5_000).withRequestTimeout(30_000).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** The whole command, for tests: what it prints and the exit status it would end with. */
    static int run(List<String> args, Map<String, String> env, Supplier<KubernetesClient> clients, PrintStream out,
                   PrintStream err) {
        Options options;
        try {
            options = Options.parse(args, env);
        } catch (UsageException e) {
            if (e.getMessage().equals("help")) {
                out.println(Options.USAGE);
                return 0;
            }
            err.println("kubectl-kreboot: " + e.getMessage());
            err.println(Options.USAGE);
            return 2;
        }
        try (KubernetesClient client = clients.get()) {
            new Commands(client, options, env, out).run();
            return 0;
        } catch (CommandException e) {
            err.println("kubectl-kreboot: error: " + e.getMessage());
            return 1;
        } catch (KubernetesClientException e) {
            err.println("kubectl-kreboot: error: Kubernetes API: " + String.valueOf(e.getMessage()).lines().findFirst()
                    .orElse(""));
            return 1;
        }
    }
}
