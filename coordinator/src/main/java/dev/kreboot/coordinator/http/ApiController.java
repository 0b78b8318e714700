package dev.kreboot.coordinator.http;

import dev.kreboot.coordinator.app.CoordinatorRuntime;
import dev.kreboot.coordinator.app.NodesView;
import dev.kreboot.coordinator.domain.Explanation;
import dev.kreboot.coordinator.domain.NodeRecord;
import dev.kreboot.coordinator.domain.Phase;
import dev.kreboot.coordinator.kafka.ControlPublisher;
import dev.kreboot.schemas.ControlAction;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestBean;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The operator's API. Reads answer from this replica's view (a standby has none: {@code leader}
 * false, and a node it does not know is 503, not 404). Writes become Control records on
 * {@code kreboot.control}, so any replica accepts them and the leader applies them in log order;
 * node checks (unknown 404, release of a node not STUCK 409) are made where this replica knows the node.
 */
@Controller(produces = MediaType.APPLICATION_JSON)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ApiController {
    private final CoordinatorRuntime runtime;
    private final ControlPublisher control;
    private final ApiAuth auth;

    public ApiController(CoordinatorRuntime runtime, ControlPublisher control, ApiAuth auth) {
        this.runtime = runtime;
        this.control = control;
        this.auth = auth;
    }

    @Get("/nodes")
    public HttpResponse<?> nodes(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                 @Nullable @Header(ApiAuth.TOKEN_HEADER) String token) {
        return denied(ApiAuth.credentials(authorization, token), false).orElseGet(() -> HttpResponse.ok(ApiViews.Nodes.of(NodesView.of(runtime))));
    }

    @Get("/nodes/{name}")
    public HttpResponse<?> node(@PathVariable String name,
                                @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                @Nullable @Header(ApiAuth.TOKEN_HEADER) String token) {
        return denied(ApiAuth.credentials(authorization, token), false).orElseGet(() -> {
            Explanation e = runtime.explanations().get(name);
            if (e != null) {
                return HttpResponse.ok(ApiViews.Node.of(NodesView.Node.of(e)));
            }
            return unknown(name);
        });
    }

    @Get("/budgets")
    public HttpResponse<?> budgets(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                   @Nullable @Header(ApiAuth.TOKEN_HEADER) String token) {
        return denied(ApiAuth.credentials(authorization, token), false).orElseGet(() -> HttpResponse.ok(new ApiViews.Budgets(runtime.leading(),
                runtime.paused(), runtime.dryRun(), runtime.budgets().stream().map(ApiViews.Budget::of).toList())));
    }

    @Post("/pause")
    public HttpResponse<?> pause(@RequestBean WriteRequest request) {
        return write(request, () -> send("*", ControlAction.PAUSE, request));
    }

    @Post("/resume")
    public HttpResponse<?> resume(@RequestBean WriteRequest request) {
        return write(request, () -> send("*", ControlAction.RESUME, request));
    }

    @Post("/nodes/{name}/reboot")
    public HttpResponse<?> reboot(@PathVariable String name, @RequestBean WriteRequest request) {
        return write(request, () -> {
            if (runtime.leading() && !runtime.nodes().containsKey(name)) {
                return unknown(name);
            }
            return send(name, ControlAction.REQUEST_REBOOT, request);
        });
    }

    @Post("/nodes/{name}/release")
    public HttpResponse<?> release(@PathVariable String name, @RequestBean WriteRequest request) {
        return write(request, () -> {
            if (runtime.leading()) {
                NodeRecord n = runtime.nodes().get(name);
                if (n == null) {
                    return unknown(name);
                }
                if (n.phase() != Phase.STUCK) {
                    return HttpResponse.status(HttpStatus.CONFLICT).body(new ApiViews.Error("not-stuck",
                            "node " + name + " is " + n.phase() + ": only a STUCK node's slot can be released"));
                }
            }
            return send(name, ControlAction.CANCEL, request);
        });
    }

    /** A write runs only past the write check; otherwise the denial (401 or 403) is the answer. */
    private HttpResponse<?> write(WriteRequest request, Supplier<HttpResponse<?>> action) {
        return denied(request.credentials(), true).orElseGet(action);
    }

    private HttpResponse<?> send(String node, ControlAction action, WriteRequest request) {
        String requestedBy = request.requestedBy();
        control.send(node, action, requestedBy, request.comment());
        return HttpResponse.accepted().body(new ApiViews.Accepted(action.name(), node, requestedBy));
    }

    private HttpResponse<?> unknown(String name) {
        if (!runtime.leading()) {
            return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).body(new ApiViews.Error("not-leader",
                    "this replica is the standby and has no view of the nodes; ask the leader"));
        }
        return HttpResponse.notFound(new ApiViews.Error("unknown-node",
                "no node named '" + name + "' has reported to the coordinator"));
    }

    private Optional<HttpResponse<?>> denied(String authorization, boolean write) {
        return auth.check(authorization, write).map(d -> {
            MutableHttpResponse<ApiViews.Error> response = HttpResponse.<ApiViews.Error>status(
                    HttpStatus.valueOf(d.status())).body(new ApiViews.Error(d.error(), d.message()));
            return d.status() == 401 ? response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer") : response;
        });
    }
}
