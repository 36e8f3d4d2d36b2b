import type { FieldSchema, TypeSchema } from '../api/schema-types';
import { kubeflareTypeName } from './kubeflare-type-name';

/**
 * Schemas of Kubeflare's own kinds (kubeflare.dev/v1alpha1), written by hand from their TypeScript types
 * (shared/nodes/node-pool-types.ts, shared/nodes/workload-profile.ts, shared/scheduler/explain-scheduling.ts):
 * they have no Go types to generate from. With them, `kubectl explain nodepool.spec` works and
 * fieldValidation=Strict rejects a typo such as `memroy:` as it does for built-in kinds. Names follow the
 * reverse-domain convention upstream uses for custom kinds' definitions.
 */
const P = kubeflareTypeName('').slice(0, -1);
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const CORE = 'io.k8s.api.core.v1';

const str = (description: string): FieldSchema => ({ kind: 'string', description });
const int = (description: string, format: 'int32' | 'int64' = 'int32'): FieldSchema => ({ kind: 'integer', format, description });
const num = (description: string): FieldSchema => ({ kind: 'number', format: 'double', description });
const bool = (description: string): FieldSchema => ({ kind: 'boolean', description });
const obj = (ref: string, description: string): FieldSchema => ({ kind: 'object', ref, description });
const list = (items: FieldSchema, description: string): FieldSchema => ({ kind: 'array', items, description });
const map = (values: FieldSchema, description: string): FieldSchema => ({ kind: 'map', values, description });
/** A number or a quantity string: demand values are CPU/memory quantities or plain request rates. */
const value = (description: string): FieldSchema => ({ kind: 'any', description });

const TYPE_META: Record<string, FieldSchema> = {
  apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
  kind: str('Kind is a string value representing the REST resource this object represents.'),
};

/** A top-level kind with its metadata, spec and (optionally) status, plus its List type. */
function kind(name: string, description: string, spec: string, status?: string): TypeSchema[] {
  const gvk = { group: 'kubeflare.dev', version: 'v1alpha1', kind: name };
  return [
    {
      name: `${P}.${name}`,
      description,
      gvk,
      fields: {
        ...TYPE_META,
        metadata: obj(`${META}.ObjectMeta`, "Standard object's metadata."),
        spec: obj(`${P}.${spec}`, `The desired state of the ${name}.`),
        ...(status ? { status: obj(`${P}.${status}`, `The observed state of the ${name}, written by its controller.`) } : {}),
      },
    },
    {
      name: `${P}.${name}List`,
      description: `A list of ${name} objects.`,
      gvk: { ...gvk, kind: `${name}List` },
      required: ['items'],
      fields: { ...TYPE_META, metadata: obj(`${META}.ListMeta`, "Standard list metadata."), items: list(obj(`${P}.${name}`, ''), `The ${name} objects.`) },
    },
  ];
}

const resources = (what: string): Record<string, FieldSchema> => ({
  cpu: { kind: 'quantity', description: `CPU ${what}, e.g. "4" or "3500m".` },
  memory: { kind: 'quantity', description: `Memory ${what}, e.g. "16Gi".` },
  pods: { kind: 'quantity', description: `Pods ${what}, e.g. "110".` },
  'ephemeral-storage': { kind: 'quantity', description: `Local ephemeral storage ${what}, e.g. "100Gi".` },
});

const faults: Record<string, FieldSchema> = {
  stopHeartbeat: bool('Stop renewing the Lease and posting status, as a dead kubelet does.'),
  notReady: bool('Report Ready=False.'),
  memoryPressure: bool('Report MemoryPressure=True.'),
  diskPressure: bool('Report DiskPressure=True.'),
  pidPressure: bool('Report PIDPressure=True.'),
};

const CLOCK = "'container' (seconds since the container started, the default) or 'wall' (seconds since the Unix epoch, the same phase for every replica).";

const behaviour: Record<string, FieldSchema> = {
  cpu: obj(`${P}.Demand`, 'CPU the container uses over time (quantities, e.g. "250m").'),
  memory: obj(`${P}.Demand`, 'Memory the container uses over time (quantities, e.g. "512Mi"); above its limit it is OOM-killed.'),
  startupSeconds: num('Seconds from start until the process is up (startup probe passes, readiness may begin).'),
  readinessDelaySeconds: num('Further seconds until the readiness probe would succeed.'),
  exitAfterSeconds: num('The process exits this many seconds after starting (unset: runs forever; init containers default to 1).'),
  exitCode: int('Exit code when it exits (default 0); 137 with oomKilled reports OOMKilled.'),
  oomKilled: bool('The exit is reported as OOMKilled.'),
  shutdownSeconds: num('Seconds the process takes to stop after SIGTERM (default 0); beyond the grace period it is killed.'),
  logLines: list(str(''), 'Log lines, cycled; placeholders {n} {pod} {namespace} {container} {node}.'),
  logIntervalSeconds: num('Seconds between log lines (0: all lines once at start).'),
  imageSizeBytes: int('Image size in bytes when the node does not know it (drives pull time).', 'int64'),
  volumeWrites: map({ kind: 'quantity', description: '' }, 'Bytes per second written to each emptyDir volume, by volume name (e.g. cache: "1Mi"): a disk emptyDir counts toward ephemeral storage and its sizeLimit (over it the pod is evicted), a Memory one toward the container\'s memory limit until the tmpfs is full.'),
};

const TYPES: TypeSchema[] = [
  ...kind('NodePool', 'NodePool is a template for simulated nodes: the node-pool controller keeps `spec.nodes` Nodes like it, and the kubelet simulation runs their pods (docs/node-pool.md).', 'NodePoolSpec', 'NodePoolStatus'),
  {
    name: `${P}.NodePoolSpec`,
    description: 'NodePoolSpec describes the nodes of a pool.',
    fields: {
      nodes: int('How many nodes the pool keeps (default 3).'),
      namePrefix: str("Node names are '<namePrefix>-<i>'; defaults to the pool's name."),
      capacity: obj(`${P}.NodeResources`, 'Capacity of each node (defaults: cpu 4, memory 16Gi, pods 110, ephemeral-storage 100Gi).'),
      reserved: obj(`${P}.NodeResources`, 'kube-reserved + system-reserved, subtracted from capacity for allocatable.'),
      evictionHard: obj(`${P}.EvictionHard`, 'Hard eviction thresholds subtracted from allocatable.'),
      evictionSoft: obj(`${P}.EvictionSoft`, 'Soft eviction thresholds (--eviction-soft): the kubelet evicts once one stays crossed for its grace period.'),
      evictionSoftGracePeriod: obj(`${P}.EvictionSoft`, 'How long each soft threshold must stay crossed, as Go durations (--eviction-soft-grace-period).'),
      region: str('topology.kubernetes.io/region of every node.'),
      zones: list(str(''), 'Zones the nodes are spread over, round-robin (topology.kubernetes.io/zone).'),
      instanceType: str('node.kubernetes.io/instance-type of every node.'),
      labels: map(str(''), 'Extra labels on every node.'),
      taints: list(obj(`${CORE}.Taint`, ''), 'Taints on every node.'),
      kubeletVersion: str('status.nodeInfo.kubeletVersion, e.g. v1.32.0.'),
      containerRuntimeVersion: str('status.nodeInfo.containerRuntimeVersion.'),
      osImage: str('status.nodeInfo.osImage.'),
      kernelVersion: str('status.nodeInfo.kernelVersion.'),
      architecture: str('status.nodeInfo.architecture and the kubernetes.io/arch label.'),
      images: list(obj(`${CORE}.ContainerImage`, ''), 'Images already present on every node (status.images).'),
      missingImages: list(str(''), "References the simulated registry lacks when these nodes pull (ErrImagePull): 'nginx:1.99', or a repository for all its tags."),
      nodeNetwork: str("CIDR the nodes' InternalIPs come from."),
      heartbeat: obj(`${P}.NodeHeartbeat`, 'Lease and status timings.'),
      faults: obj(`${P}.NodeFaults`, 'Fault switches applied to every node.'),
      nodeFaults: map(obj(`${P}.NodeFaults`, ''), 'Fault switches per node name.'),
    },
  },
  { name: `${P}.NodePoolStatus`, description: 'NodePoolStatus is what the node-pool controller observed.', fields: { nodes: int('Nodes the pool has.'), readyNodes: int('Nodes with Ready=True.'), observedGeneration: int('The generation the controller last acted on.', 'int64') } },
  { name: `${P}.NodeResources`, description: 'Quantities per resource name.', fields: resources('per node') },
  { name: `${P}.EvictionSoft`, description: 'A soft eviction threshold or its grace period, per signal.', fields: { 'memory.available': str('e.g. "500Mi" (threshold) or "1m30s" (grace period).') } },
  { name: `${P}.EvictionHard`, description: 'Hard eviction thresholds, as the kubelet flag --eviction-hard.', fields: { 'memory.available': str('e.g. "100Mi".'), 'nodefs.available': str('e.g. "10%".') } },
  {
    name: `${P}.NodeHeartbeat`,
    description: 'Heartbeat timings, in seconds.',
    fields: {
      leaseRenewIntervalSeconds: int('Lease renewal interval (default 10).'),
      leaseDurationSeconds: int('Lease duration written on the Lease (default 40).'),
      statusUpdateIntervalSeconds: int("Status report frequency when nothing changed (default 300: the kubelet's nodeStatusReportFrequency of 5 min)."),
    },
  },
  { name: `${P}.NodeFaults`, description: 'Fault switches of a simulated node.', fields: faults },

  ...kind('WorkloadProfile', "WorkloadProfile says how the containers of pods that name it (annotation kubeflare.dev/profile) behave: CPU and memory over time, start-up, exits, logs and load.", 'WorkloadProfileSpec'),
  {
    name: `${P}.WorkloadProfileSpec`,
    description: 'WorkloadProfileSpec: defaults for every container, per-container overrides, load and metrics.',
    fields: {
      ...behaviour,
      containers: map(obj(`${P}.ContainerBehaviour`, ''), 'Per-container overrides, by container name.'),
      load: obj(`${P}.WorkloadLoad`, "Traffic for the whole workload, shared evenly by its ready pods."),
      podMetrics: map(obj(`${P}.PodMetricSource`, ''), 'Per-pod custom metrics by name (custom.metrics.k8s.io).'),
      externalMetrics: map(obj(`${P}.ExternalMetricSource`, ''), 'External metrics by name (external.metrics.k8s.io).'),
    },
  },
  { name: `${P}.ContainerBehaviour`, description: 'How one container behaves; every field is optional.', fields: behaviour },
  {
    name: `${P}.Demand`,
    description: "A value over time: type 'constant' (value), 'step' (steps), 'sine' (base, amplitude, periodSeconds) or 'trace' (points).",
    required: ['type'],
    fields: {
      type: { kind: 'string', enum: ['constant', 'step', 'sine', 'trace'], description: 'The shape of the curve.' },
      value: value('constant: the value.'),
      steps: list(obj(`${P}.DemandPoint`, ''), 'step: the value from each `at` on.'),
      base: value('sine: the middle value.'),
      amplitude: value('sine: how far it swings.'),
      periodSeconds: num('sine: seconds per cycle.'),
      phaseSeconds: num('sine: shift of the cycle.'),
      points: list(obj(`${P}.DemandPoint`, ''), 'trace: recorded points.'),
      interpolation: { kind: 'string', enum: ['linear', 'step'], description: 'trace: between points (default linear).' },
      repeat: bool('trace: start over after the last point.'),
      clock: { kind: 'string', enum: ['container', 'wall'], description: `What \`at\` counts: ${CLOCK}` },
    },
  },
  { name: `${P}.DemandPoint`, description: 'A value from a time on.', required: ['at', 'value'], fields: { at: num('Seconds on the demand\'s clock.'), value: value('A quantity or a number.') } },
  {
    name: `${P}.WorkloadLoad`,
    description: "Requests per second for the whole workload; each ready pod's serving container spends cpuPerRequest on its share.",
    required: ['requestsPerSecond', 'cpuPerRequest'],
    fields: {
      requestsPerSecond: obj(`${P}.Demand`, 'Requests per second over time.'),
      cpuPerRequest: { kind: 'quantity', description: 'CPU time one request costs: "2m" = 2ms of one core.' },
      memoryPerRequestPerSecond: { kind: 'quantity', description: 'Extra working set per request/s a pod serves, e.g. "1Mi".' },
      container: str('The container that serves the traffic (default: the first).'),
    },
  },
  {
    name: `${P}.PodMetricSource`,
    description: "A per-pod custom metric: from 'requestsPerSecond' (the pod's share of the load) or a value over time.",
    fields: { from: { kind: 'string', enum: ['requestsPerSecond'], description: "The pod's share of load.requestsPerSecond." }, value: obj(`${P}.Demand`, 'A curve of its own.') },
  },
  {
    name: `${P}.ExternalMetricSource`,
    description: "An external metric in the profile's namespace, e.g. a queue's length.",
    required: ['value'],
    fields: { labels: map(str(''), "The series' labels, which an HPA's metric.selector matches."), value: obj(`${P}.Demand`, 'The value over time (seconds since the profile was created, or wall clock).') },
  },

  ...kind('ClusterClock', "ClusterClock is the cluster's one clock (cluster-scoped, named `cluster`): every controller, kubelet, store and the scheduler read cluster time from it. Speed it up to rehearse an hour in a minute, pause it for stepped mode, advance it by a duration. It cannot be deleted or turned back.", 'ClusterClockSpec', 'ClusterClockStatus'),
  {
    name: `${P}.ClusterClockSpec`,
    description: 'ClusterClockSpec: how fast cluster time runs, and requests to move it.',
    fields: {
      speed: num('Cluster seconds per wall second (default 1, real time); greater than 0, at most 1000.'),
      paused: bool('Stepped mode: cluster time stands still and moves only by advance.'),
      advance: str('A request to move cluster time forward by a Go duration ("90s", "10m", "1h30m"); consumed on write, never stored. Negative durations are refused.'),
      runFor: str('A request to run cluster time at spec.speed for a Go duration ("10m") and then stand still (spec.paused becomes true): every loop fires at each of its due times in between, in order, unlike advance, which jumps. Consumed on write; may not be combined with advance.'),
      keepUp: bool('Keep pace (default true): while a controller or kubelet runs over 10 s of cluster time late, the clock slows down (halving, not below real time) and speeds up again once the loops are on time, so a fast clock never makes healthy nodes look dead. false holds spec.speed whatever happens.'),
    },
  },
  {
    name: `${P}.ClusterClockStatus`,
    description: 'The clock state, written at admission of every ClusterClock write (clients cannot set it).',
    fields: {
      time: str('Cluster time when the status was written (MicroTime).'),
      speed: num('The speed in effect: spec.speed, or less while the loops cannot keep up (spec.keepUp).'),
      paused: bool('Whether the clock is in stepped mode.'),
      wallAnchor: num('Wall time (ms since the Unix epoch) of the last change of pace or advance.'),
      clusterAnchor: num('Cluster time (ms since the Unix epoch) at wallAnchor: cluster time = clusterAnchor + (wall − wallAnchor) × speed.'),
      message: str('Why the speed in effect is below spec.speed: which loop ran how late.'),
      runUntil: num('The cluster time (ms since the Unix epoch) a timed run (spec.runFor) stands still at.'),
    },
  },

  ...kind('SchedulingExplanation', "SchedulingExplanation is a dry run of one scheduling cycle for a pod (create only; nothing is bound): where it would go and why, per filter and score plugin and per node (docs/scheduler.md).", 'SchedulingExplanationSpec', 'SchedulingExplanationStatus'),
  { name: `${P}.SchedulingExplanationSpec`, description: 'The pod to explain; it need not exist.', required: ['pod'], fields: { pod: obj(`${CORE}.Pod`, 'A pod, as it would be created (spec.containers required).') } },
  {
    name: `${P}.SchedulingExplanationStatus`,
    description: 'The outcome of the dry run.',
    fields: {
      schedulerName: str('The profile that ran.'),
      selectedNode: str('Where the pod would go; null when no node fits.'),
      message: str("The scheduler's message: Successfully assigned …, or 0/N nodes are available: …"),
      evaluatedNodes: int('Nodes the filters ran on.'),
      feasibleNodes: int('Nodes that passed every filter.'),
      filter: map(map(str(''), ''), 'Per node, per filter plugin: "passed" or the reason it rejected the node.'),
      scores: map(map(int('', 'int64'), ''), 'Per node, per score plugin: the raw score.'),
      finalScores: map(map(int('', 'int64'), ''), 'Per node, per score plugin: the normalized score times its weight.'),
      preemption: obj(`${P}.PreemptionResult`, 'When no node fits and preemption would help: the node and the victims.'),
    },
  },
  { name: `${P}.PreemptionResult`, description: 'What preemption would do.', fields: { nominatedNodeName: str('The node the pod would be nominated to.'), victims: list(str(''), 'namespace/name of the pods it would evict.') } },
  // the pod network model (shared/network, docs/network.md)
  ...kind('NetworkPath', 'NetworkPath asks how a packet gets from a pod to a pod, a Service or an address (create only; nothing is stored): hops, encapsulation, MTU, modelled latency and throughput, and the NetworkPolicy verdict (docs/network.md).', 'NetworkPathSpec', 'NetworkPathStatus'),
  {
    name: `${P}.NetworkPathSpec`,
    description: 'The two ends and the port.',
    required: ['from', 'to'],
    fields: {
      from: obj(`${P}.NetworkPathEnd`, 'The source pod (pod, and namespace when not the object\'s).'),
      to: obj(`${P}.NetworkPathEnd`, 'The destination: exactly one of pod, service (its ClusterIP), ingress (host and path) or ip.'),
      port: { kind: 'int-or-string', description: 'Destination port; for a service, its port number or name.' },
      protocol: str('TCP (default), UDP or SCTP.'),
    },
  },
  {
    name: `${P}.NetworkPathEnd`,
    description: 'One end of a path.',
    fields: {
      pod: str('A pod name.'),
      service: str('A Service name.'),
      ingress: str('An Ingress name (with host and path).'),
      host: str('For an Ingress: the request\'s Host (default: its first rule\'s host).'),
      path: str('For an Ingress: the request path (default /).'),
      ip: str('An IPv4 address.'),
      namespace: str('Namespace of the pod, service or ingress (default: the object\'s).'),
    },
  },
  {
    name: `${P}.NetworkPathStatus`,
    description: 'The answer.',
    fields: {
      verdict: str('Reachable, Unreachable or Denied (by NetworkPolicy).'),
      reachable: bool('Whether the packet arrives.'),
      reason: str('Why (or which policy allowed it).'),
      backend: str('The flannel backend in use.'),
      encapsulation: str('How the packet crosses nodes: none, VXLAN (VNI, port), UDP via flanneld, WireGuard.'),
      effectiveBackend: str('What its cost is modelled as (host-gw for a plain route, as DirectRouting gives).'),
      mtu: int('The pods\' interface MTU along the path.'),
      sameNode: bool('Both pods on one node.'),
      sameSegment: bool('Both nodes on one L2 segment (zone).'),
      latencyMicroseconds: num('Modelled one-way latency.'),
      throughputMbps: num('Modelled throughput of one TCP flow, after bandwidth shaping.'),
      shaping: value('The bandwidth plugin\'s caps: the source pod\'s egress and the destination pod\'s ingress rate (Mbit/s).'),
      cniErrors: list(str(''), 'Bandwidth annotations the container runtime would refuse.'),
      source: value('The source pod, node and IP.'),
      destination: value('The destination pod, node, IP, port and protocol.'),
      service: value('For a Service: its ClusterIP and port, its ready endpoints and the one chosen.'),
      ingress: value('For an Ingress: its address, the host and path asked, the rule and path that matched and the backend.'),
      policy: value('The NetworkPolicy verdict: egress of the source, ingress of the destination, and which policy and rule decided.'),
      hops: list(value('A node or pod, a device, what happens there.'), 'Where the packet goes, in order.'),
    },
  },
  ...kind('NodeNetwork', "NodeNetwork is one node's flannel dataplane (read only): ip route, ip neigh, bridge fdb show, subnet.env and the backend's peers (docs/network.md).", 'NodeNetworkSpec', 'NodeNetworkStatus'),
  { name: `${P}.NodeNetworkSpec`, description: 'Unused: a NodeNetwork is computed from the node.', fields: {} },
  {
    name: `${P}.NodeNetworkStatus`,
    description: 'What flanneld has programmed on the node.',
    fields: {
      backend: str('The flannel backend.'),
      subnet: str("The node's podCIDR (its lease)."),
      publicIP: str('The address other nodes reach it at.'),
      segment: str('Its L2 segment (zone).'),
      mtu: int('The flannel device MTU, which pods get.'),
      subnetEnv: str('/run/flannel/subnet.env.'),
      links: list(value('A device.'), 'ip -d link: eth0, cni0 and the backend device.'),
      routes: list(str(''), 'ip route.'),
      neighbors: list(str(''), 'ip neigh (permanent entries flanneld wrote).'),
      fdb: list(str(''), 'bridge fdb show dev flannel.<VNI>.'),
      udpPeers: list(value(''), "udp: flanneld's subnet → endpoint table."),
      wireguardPeers: list(value(''), 'wireguard: the peers of flannel-wg.'),
      errors: list(str(''), "flanneld's errors."),
      warnings: list(str(''), 'Leases flanneld ignored.'),
      cni: value("On a single node's view: the CNI conflist, the bridge configuration flannel delegates to, and per pod its host veth, CNI ADD result and bandwidth buckets."),
    },
  },
  // signed webhook triggers (shared/webhooks, docs in the README's "Webhook triggers")
  ...kind('WebhookTrigger', "WebhookTrigger lets a signed HTTP POST to /webhooks/namespaces/<namespace>/<name> act on the cluster: no bearer token, the signature is the authentication. Each delivery runs the actions as the trigger's ServiceAccount (RBAC bounds it), with values taken from the JSON payload by expressions such as {.replicas}; every delivery is recorded as an Event and counted in status.", 'WebhookTriggerSpec', 'WebhookTriggerStatus'),
  {
    name: `${P}.WebhookTriggerSpec`,
    description: 'How deliveries are verified, limited and acted on.',
    required: ['secretRef', 'signature', 'serviceAccountName', 'actions'],
    fields: {
      secretRef: obj(`${P}.WebhookSecretRef`, 'The key of a Secret in this namespace holding the shared secret.'),
      signature: { kind: 'string', enum: ['github', 'standard-webhooks'], description: "'github': X-Hub-Signature-256 (sha256=<hex HMAC-SHA256 of the raw body>), delivery id X-GitHub-Delivery. 'standard-webhooks': webhook-id, webhook-timestamp (within 5 minutes) and webhook-signature (v1,<base64>), the secret being whsec_<base64>." },
      serviceAccountName: str('The ServiceAccount of this namespace deliveries act as: an action its RBAC does not allow is refused with 403 and nothing runs.'),
      rateLimit: obj(`${P}.WebhookRateLimit`, 'A token bucket on wall time (default 60 deliveries a minute, burst 10); over it deliveries get 429 with Retry-After.'),
      actions: list(obj(`${P}.WebhookAction`, ''), 'What each delivery does, in order (at most 16). All are authorized and dry-run first: if any would fail, none runs.'),
      notify: obj(`${P}.WebhookNotify`, 'Where the result of each delivery that ran (Delivered or Failed) is POSTed, signed as Standard Webhooks, with retries and backoff.'),
    },
  },
  {
    name: `${P}.WebhookNotify`,
    description: 'An outgoing notification: a Standard Webhooks POST of {type: webhooktrigger.result, timestamp, data: {trigger, delivery}}; webhook-id is the same on every retry.',
    required: ['url', 'secretRef'],
    fields: { url: str('An http or https URL.'), secretRef: obj(`${P}.WebhookSecretRef`, 'The key of a Secret in this namespace holding the whsec_<base64> signing secret.') },
  },
  { name: `${P}.WebhookSecretRef`, description: 'A key of a Secret.', required: ['name', 'key'], fields: { name: str('The Secret.'), key: str('The key in its data.') } },
  { name: `${P}.WebhookRateLimit`, description: 'A token bucket.', required: ['deliveriesPerMinute'], fields: { deliveriesPerMinute: int('Refill rate, 1 to 60000.'), burst: int('Bucket size, 1 to 1000 (default: deliveriesPerMinute, at most 1000).') } },
  {
    name: `${P}.WebhookAction`,
    description: "Exactly one action. Any string may hold payload expressions: {.field}, {.a.b}, {.list[0]}, {.map['dotted.key']}, {.} (the whole payload). A string that is one expression takes the value's type (\"{.replicas}\" is 3); inside text the value is interpolated. A path the payload lacks refuses the delivery (400).",
    fields: {
      scale: obj(`${P}.WebhookScaleAction`, "Set replicas through the target's scale subresource (RBAC: patch <resource>/scale)."),
      patch: obj(`${P}.WebhookPatchAction`, 'A JSON merge patch of the target (RBAC: patch).'),
      apply: obj(`${P}.WebhookApplyAction`, 'Server-side apply of a manifest in this namespace, field manager webhooktrigger-<name> (RBAC: patch).'),
      setLoad: obj(`${P}.WebhookSetLoadAction`, "Set a WorkloadProfile's load to constant requests per second (RBAC: patch workloadprofiles)."),
      nodeFault: obj(`${P}.WebhookNodeFaultAction`, "Set a NodePool's fault switches, for one node or all (RBAC: patch nodepools)."),
      advanceClock: obj(`${P}.WebhookAdvanceClockAction`, 'Move the cluster clock forward (RBAC: patch clusterclocks).'),
    },
  },
  { name: `${P}.WebhookActionTarget`, description: 'The object an action acts on, in the trigger\'s namespace when namespaced.', required: ['apiVersion', 'kind', 'name'], fields: { apiVersion: str('e.g. apps/v1.'), kind: str('e.g. Deployment.'), name: str('Its name (may be an expression).') } },
  { name: `${P}.WebhookScaleAction`, description: 'Scale a Deployment, StatefulSet, ReplicaSet or scalable custom kind.', required: ['target', 'replicas'], fields: { target: obj(`${P}.WebhookActionTarget`, ''), replicas: { kind: 'int-or-string', description: 'A count, or an expression such as "{.replicas}".' } } },
  { name: `${P}.WebhookPatchAction`, description: 'A merge patch.', required: ['target', 'patch'], fields: { target: obj(`${P}.WebhookActionTarget`, ''), patch: value('The JSON merge patch; its strings may hold expressions.') } },
  { name: `${P}.WebhookApplyAction`, description: 'Server-side apply.', required: ['manifest'], fields: { manifest: value('The object to apply; its strings may hold expressions.'), force: bool('Take fields other managers own (--force-conflicts).') } },
  { name: `${P}.WebhookSetLoadAction`, description: "A WorkloadProfile's spec.load.requestsPerSecond, as a constant.", required: ['profile', 'requestsPerSecond'], fields: { profile: str('The WorkloadProfile.'), requestsPerSecond: value('A number, or an expression.') } },
  { name: `${P}.WebhookNodeFaultAction`, description: "A NodePool's spec.faults, or spec.nodeFaults[node].", required: ['pool', 'faults'], fields: { pool: str('The NodePool.'), node: str('One node of it (default: every node).'), faults: map(value(''), 'stopHeartbeat, notReady, memoryPressure, diskPressure, pidPressure: true, false or an expression.') } },
  { name: `${P}.WebhookAdvanceClockAction`, description: 'ClusterClock spec.advance.', required: ['by'], fields: { by: str('A positive Go duration ("10m"), or an expression.') } },
  {
    name: `${P}.WebhookTriggerStatus`,
    description: 'Deliveries so far.',
    fields: {
      accepted: int('Deliveries whose actions all ran.', 'int64'),
      rejected: int('Deliveries refused: they changed nothing.', 'int64'),
      failed: int('Deliveries whose actions failed part way.', 'int64'),
      rejectedByReason: map(int('', 'int64'), 'Refused and failed deliveries by reason: Unsigned, BadSignature, Stale, BadSecret, SecretNotFound, TooLarge, Malformed, MissingDeliveryId, BadPayload, ServiceAccountNotFound, Forbidden, InvalidAction, ActionRejected, Replayed, RateLimited, ActionFailed.'),
      lastDelivery: obj(`${P}.WebhookDelivery`, 'The latest delivery.'),
    },
  },
  {
    name: `${P}.WebhookDelivery`,
    description: 'One delivery.',
    fields: { id: str('X-GitHub-Delivery or webhook-id.'), time: str('When it arrived (cluster time).'), result: str('Delivered, Rejected or Failed.'), reason: str('Why it was refused or failed.'), code: int('The HTTP status answered.'), message: str('What was done, or why not.') },
  },
];

/** Kubeflare's own types by definition name, beside the generated upstream ones. */
export const kubeflareTypes: Readonly<Record<string, TypeSchema>> = Object.fromEntries(TYPES.map((t) => [t.name, t]));
