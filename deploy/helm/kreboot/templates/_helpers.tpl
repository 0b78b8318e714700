{{/* Chart name, truncated to the DNS label limit. */}}
{{- define "kreboot.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-scoped base name: "<release>" when it already contains the chart name. */}}
{{- define "kreboot.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Name of one component's objects: call with (dict "root" $ "component" "executor"). */}}
{{- define "kreboot.componentName" -}}
{{- printf "%s-%s" (include "kreboot.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "kreboot.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
{{ include "kreboot.selectorLabels" . }}
{{- end -}}

{{- define "kreboot.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kreboot.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* The service account of a component; "default" when the chart creates none. */}}
{{- define "kreboot.serviceAccountName" -}}
{{- if .root.Values.serviceAccount.create -}}
{{- include "kreboot.componentName" . -}}
{{- else -}}
default
{{- end -}}
{{- end -}}

{{- define "kreboot.image" -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) -}}
{{- end -}}

{{- define "kreboot.cluster" -}}
{{- default .Release.Name .Values.kreboot.cluster -}}
{{- end -}}

{{- define "kreboot.secretName" -}}
{{- printf "%s-secrets" (include "kreboot.fullname" .) -}}
{{- end -}}

{{/* Whether the notifier is deployed: "true" or "". */}}
{{- define "kreboot.notifierEnabled" -}}
{{- $n := .Values.notifier -}}
{{- $c := .Values.configuration -}}
{{- $hasRoute := or $c.notifyUrl $c.slackHookUrl $n.webhooks.existingSecret $n.grafana.url -}}
{{- if eq (toString $n.enabled) "auto" -}}
{{- if $hasRoute }}true{{ end -}}
{{- else if eq (toString $n.enabled) "true" -}}
{{- if not $hasRoute -}}
{{- fail "notifier.enabled=true needs configuration.notifyUrl, configuration.slackHookUrl, notifier.webhooks.existingSecret or notifier.grafana.url" -}}
{{- end -}}
true
{{- end -}}
{{- end -}}

{{/* The URLs kept in the chart's Secret (they carry tokens), as key: value lines. */}}
{{- define "kreboot.secretUrls" -}}
{{- with .Values.configuration.notifyUrl }}
notify-url: {{ . | quote }}
{{- end }}
{{- with .Values.configuration.slackHookUrl }}
slack-hook-url: {{ . | quote }}
{{- end }}
{{- end -}}

{{/* The chart renders its own Secret when any inline secret value is given. */}}
{{- define "kreboot.needsSecret" -}}
{{- $k := .Values.kafka.credentials -}}
{{- if or (include "kreboot.secretUrls" . | trim) (and (not $k.existingSecret) $k.username) -}}
true
{{- end -}}
{{- end -}}

{{/* The container's sentinel path: the host path seen through the /host mount. */}}
{{- define "kreboot.sentinel" -}}
{{- default "/var/run/reboot-required" .Values.configuration.rebootSentinel -}}
{{- end -}}

{{/* One env entry when the value is set (false counts as unset, 0 does not); call with (list "NAME" value). */}}
{{- define "kreboot.optEnv" -}}
{{- $name := index . 0 -}}
{{- $value := index . 1 -}}
{{- if or (kindIs "float64" $value) (kindIs "int" $value) (kindIs "int64" $value) $value -}}
- name: {{ $name }}
  value: {{ toString $value | quote }}
{{- end -}}
{{- end -}}

{{/* Settings every service reads, plus Kafka security from the Secret. */}}
{{- define "kreboot.commonEnv" -}}
{{- $v := .Values -}}
{{- $ownKafka := eq (include "kreboot.kafkaDeployed" .) "true" -}}
- name: KREBOOT_CLUSTER
  value: {{ include "kreboot.cluster" . | quote }}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ include "kreboot.bootstrapServers" . | quote }}
- name: KREBOOT_CREATE_TOPICS
  value: {{ and $v.kafka.createTopics (not $v.kafka.strimziTopics.create) (not $ownKafka) | toString | quote }}
- name: PORT
  value: {{ $v.configuration.metricsPort | toString | quote }}
{{- with include "kreboot.optEnv" (list "KREBOOT_TOPIC_PREFIX" $v.kreboot.topicPrefix) }}{{ . | nindent 0 }}{{ end }}
{{- with include "kreboot.optEnv" (list "KREBOOT_LOG_FORMAT" $v.configuration.logFormat) }}{{ . | nindent 0 }}{{ end }}
{{- with include "kreboot.optEnv" (list "KAFKA_SECURITY_PROTOCOL" $v.kafka.securityProtocol) }}{{ . | nindent 0 }}{{ end }}
{{- with include "kreboot.optEnv" (list "KAFKA_SASL_MECHANISM" $v.kafka.saslMechanism) }}{{ . | nindent 0 }}{{ end }}
{{- if or $v.kafka.credentials.existingSecret $v.kafka.credentials.username }}
- name: KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ default (include "kreboot.secretName" .) $v.kafka.credentials.existingSecret }}
      key: {{ if $v.kafka.credentials.existingSecret }}{{ $v.kafka.credentials.jaasConfigKey }}{{ else }}sasl.jaas.config{{ end }}
{{- end }}
{{- include "kreboot.wireEnv" . }}
{{- end -}}

{{/* The wire format and the schema registry (every service); credentials only from a Secret. */}}
{{- define "kreboot.wireEnv" -}}
{{- $w := .Values.wire -}}
{{- $r := $w.registry -}}
{{- if and (eq (toString $w.format) "registry") (not $r.url) -}}
{{- fail "wire.registry.url is required when wire.format=registry" -}}
{{- end -}}
{{- with include "kreboot.optEnv" (list "KREBOOT_WIRE_FORMAT" $w.format) }}{{ . | nindent 0 }}{{ end }}
{{- with include "kreboot.optEnv" (list "KREBOOT_REGISTRY_URL" $r.url) }}{{ . | nindent 0 }}{{ end }}
{{- with include "kreboot.optEnv" (list "KREBOOT_REGISTRY_AUTO_REGISTER" $r.autoRegister) }}{{ . | nindent 0 }}{{ end }}
{{- include "kreboot.registryCredentialsEnv" . }}
{{- end -}}

{{/* The registry's credentials, from the user's Secret (services and the register-schemas Job). */}}
{{- define "kreboot.registryCredentialsEnv" -}}
{{- $r := .Values.wire.registry -}}
{{- with $r.credentials.existingSecret }}
{{- if $r.credentials.username }}
- name: KREBOOT_REGISTRY_USERNAME
  value: {{ $r.credentials.username | quote }}
- name: KREBOOT_REGISTRY_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $r.credentials.passwordKey }}
{{- else }}
- name: KREBOOT_REGISTRY_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $r.credentials.tokenKey }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Pod-level settings shared by all workloads; call with (dict "root" $ "component" name). */}}
{{- define "kreboot.podCommon" -}}
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .root.Values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with .root.Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* Probes against Micronaut's health endpoint. */}}
{{- define "kreboot.probes" -}}
ports:
  - name: http
    containerPort: {{ .Values.configuration.metricsPort }}
    protocol: TCP
# Readiness includes dependencies (Kafka, a host the sensor cannot read); liveness only says the
# process works, so an outage elsewhere never turns into a restart loop.
readinessProbe:
  httpGet:
    path: /health/readiness
    port: http
  periodSeconds: 10
livenessProbe:
  httpGet:
    path: /health/liveness
    port: http
  initialDelaySeconds: 30
  periodSeconds: 20
  failureThreshold: 6
{{- end -}}

{{/* A JVM writes to /tmp (perf data, native libraries): an emptyDir under the read-only root; call with the size. */}}
{{- define "kreboot.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ . }}
{{- end -}}

{{- define "kreboot.tmpMount" -}}
- name: tmp
  mountPath: /tmp
{{- end -}}

{{/* The strict container securityContext of the services that need no host access. */}}
{{- define "kreboot.restrictedSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Tolerations of the DaemonSets: the user's, else control-plane and master (kured chart). */}}
{{- define "kreboot.daemonTolerations" -}}
tolerations:
{{- if .Values.tolerations }}
  {{- toYaml .Values.tolerations | nindent 2 }}
{{- else }}
  - key: node-role.kubernetes.io/control-plane
    effect: NoSchedule
  - key: node-role.kubernetes.io/master
    effect: NoSchedule
{{- end }}
{{- end -}}

{{/*
The node side's components: one privileged node-agent DaemonSet (node.mode=agent, the default) or
the node-sensor and executor DaemonSets (node.mode=split: the file-mode sensor unprivileged).
*/}}
{{- define "kreboot.nodeComponents" -}}
{{- $mode := toString (default "agent" (.Values.node).mode) -}}
{{- if eq $mode "agent" -}}
node-agent
{{- else if eq $mode "split" -}}
node-sensor executor
{{- else -}}
{{- fail (printf "node.mode must be \"agent\" or \"split\", got %q" $mode) -}}
{{- end -}}
{{- end -}}

{{/* Every component with its own workload (notifier included; callers check notifierEnabled). */}}
{{- define "kreboot.components" -}}
{{ include "kreboot.nodeComponents" . }} coordinator notifier
{{- end -}}

{{/* The component that drains and reboots its node: it gets the executor's RBAC. */}}
{{- define "kreboot.executorComponent" -}}
{{- if eq (include "kreboot.nodeComponents" .) "node-agent" -}}
node-agent
{{- else -}}
executor
{{- end -}}
{{- end -}}

{{/*
"true" when the chart runs its own Kafka: kafka.deploy.enabled, or "auto" (the default) with no
kafka.bootstrapServers. Both set is a conflict, not a guess.
*/}}
{{- define "kreboot.kafkaDeployed" -}}
{{- $k := .Values.kafka -}}
{{- $enabled := toString $k.deploy.enabled -}}
{{- if and (eq $enabled "true") $k.bootstrapServers -}}
{{- fail (printf "kafka.deploy.enabled=true and kafka.bootstrapServers=%q: set kafka.bootstrapServers to use your Kafka, or leave it empty to use the chart's" $k.bootstrapServers) -}}
{{- end -}}
{{- if eq $enabled "true" -}}true
{{- else if eq $enabled "false" -}}false
{{- else -}}{{ empty $k.bootstrapServers | toString }}
{{- end -}}
{{- end -}}

{{- define "kreboot.kafkaName" -}}
{{- include "kreboot.componentName" (dict "root" . "component" "kafka") -}}
{{- end -}}

{{/* The bootstrap address every service gets: yours, or the chart's Kafka Service. */}}
{{- define "kreboot.bootstrapServers" -}}
{{- if eq (include "kreboot.kafkaDeployed" .) "true" -}}
{{- printf "%s.%s.svc:%d" (include "kreboot.kafkaName" .) .Release.Namespace (int .Values.kafka.deploy.ports.client) -}}
{{- else if .Values.kafka.bootstrapServers -}}
{{- .Values.kafka.bootstrapServers -}}
{{- else -}}
{{- fail "kafka.bootstrapServers is required with kafka.deploy.enabled=false (the Kafka every kreboot service talks to)" -}}
{{- end -}}
{{- end -}}
