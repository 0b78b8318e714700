{{- /*
kured chart keys that kreboot does not take. values.schema.json accepts them (so that the message
below, not a bare "additional property", is what a kured user sees) and this refuses every one
that is set to something, all at once, each with what to use instead. An empty value ({} / [] / "")
changes nothing and passes. Keys kreboot does take (configuration.*, updateStrategy, rbac, ...) are
not listed: they keep working.
*/ -}}
{{- define "kreboot.kuredOnlyKeys" -}}
image: "kreboot runs four images: set nodeSensor.image, executor.image, coordinator.image and notifier.image (each with repository, tag, pullPolicy)"
resources: "each service is sized on its own: set nodeSensor.resources, executor.resources, coordinator.resources and notifier.resources"
extraArgs: "kreboot's services take no command-line flags: every kured flag is a key under configuration: (configuration.concurrency for --concurrency, ...); anything else goes to <service>.extraEnvVars"
extraEnvVars: "set nodeSensor.extraEnvVars, executor.extraEnvVars, coordinator.extraEnvVars or notifier.extraEnvVars; KURED_* variables are not read, use the keys under configuration:"
containerSecurityContext: "kreboot sets each container's security context itself, least privilege per service (the executor is privileged with hostPID only for configuration.rebootMethod=command, CAP_KILL for signal; the sensor only with configuration.rebootSentinelCommand): remove it"
podSecurityContext: "kreboot sets each pod's security context itself (non-root, seccomp RuntimeDefault where the service allows it): remove it"
volumes: "kreboot mounts what each service needs (the sentinel's directory through configuration.useRebootSentinelHostPath): remove it"
volumeMounts: "kreboot mounts what each service needs (the sentinel's directory through configuration.useRebootSentinelHostPath): remove it"
initContainers: "not supported: remove it"
dsAnnotations: "use podAnnotations (kreboot keeps no lock on the DaemonSet)"
revisionHistoryLimit: "not supported: remove it"
{{- end -}}

{{- define "kreboot.kuredOnlyConfigurationKeys" -}}
metricsHost: "every service listens on all interfaces on configuration.metricsPort; restrict access with networkPolicy.enabled=true"
dsName: "not needed: kreboot keeps its slots in the coordinator's state on Kafka, not on a DaemonSet annotation; remove it"
dsNamespace: "not needed: kreboot keeps its slots in the coordinator's state on Kafka, not on a DaemonSet annotation; remove it"
{{- end -}}

{{- define "kreboot.validateValues" -}}
{{- $problems := list -}}
{{- range $key, $advice := (include "kreboot.kuredOnlyKeys" . | fromYaml) }}
{{- if and (hasKey $.Values $key) (not (empty (get $.Values $key))) }}
{{- $problems = append $problems (printf "%s: a kured chart key kreboot does not take; %s" $key $advice) }}
{{- end }}
{{- end }}
{{- range $key, $advice := (include "kreboot.kuredOnlyConfigurationKeys" . | fromYaml) }}
{{- if and (hasKey $.Values.configuration $key) (not (empty (get $.Values.configuration $key))) }}
{{- $problems = append $problems (printf "configuration.%s: a kured flag kreboot does not take; %s" $key $advice) }}
{{- end }}
{{- end }}
{{- if $problems }}
{{- fail (printf "\n%s\n(docs/migrating-from-kured.md maps every kured value)" (join "\n" $problems)) }}
{{- end }}
{{- end -}}
