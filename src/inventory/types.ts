import type { JsonObject } from './json.js';

/** Where an object was read: the file (or `-` for stdin, `archive.tar.gz!entry` inside an archive), the document
 * index in that file (0-based), and the 1-based line where the object starts. */
export interface SourceLocation {
  file: string;
  document: number;
  line: number;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid?: string;
  controller?: boolean;
}

/** One Kubernetes object as the inventory keeps it: identity pulled out, the object itself untouched in `raw`. */
export interface KubeObject {
  apiVersion: string;
  /** The API group, '' for the core group. */
  group: string;
  kind: string;
  name: string;
  /** Set for namespaced kinds (defaulted where the input left it out); undefined for cluster-scoped ones. */
  namespace?: string;
  uid?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  ownerReferences: OwnerReference[];
  raw: JsonObject;
  source: SourceLocation;
  /** The input argument this object came from (a path, `-`, or `implied`). */
  input: string;
  /** True for objects the cluster would have although the input does not define them. */
  implied: boolean;
  /** Why an implied object was added. */
  impliedBy?: string;
}

/** A typed view of the container fields the inventory itself reads; analyzers read the rest from `raw`. */
export interface ContainerView {
  name: string;
  image?: string;
  raw: JsonObject;
  /** Which list of the pod spec the container is in. */
  type: 'container' | 'initContainer' | 'ephemeralContainer';
}

/** A pod template or pod: its labels, annotations and spec. */
export interface PodTemplateView {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec: JsonObject;
  containers: ContainerView[];
  /** Where in the owning object the pod spec sits, e.g. `spec.template.spec`. */
  specPath: string;
}

/** One running pod of a workload, from a live-cluster dump. */
export interface PodInstance {
  name: string;
  nodeName?: string;
  podIPs: string[];
  phase?: string;
  template: PodTemplateView;
  object: KubeObject;
}

/** Everything one controller runs: all replicas of a controller are one workload. */
export interface Workload {
  /** `Workload:<ns>/<Kind>/<name>` (DESIGN.md §4). */
  id: string;
  kind: string;
  namespace: string;
  name: string;
  /** The controller (or bare Pod) object; undefined when a dump names the controller only in ownerReferences. */
  object?: KubeObject;
  /** What the workload runs. From a dump, the newest pod's spec as admitted; otherwise the controller's template. */
  template: PodTemplateView;
  templateFrom: 'template' | 'pods';
  pods: PodInstance[];
  source: SourceLocation;
}

/** One problem with the input. The object it names (if any) was skipped unless the message says otherwise. */
export interface InputError {
  file: string;
  line?: number;
  object?: string;
  message: string;
}

export interface InputSummary {
  source: string;
  /** Objects read from this input; implied objects are not counted. */
  objects: number;
  files: number;
  kinds: Record<string, number>;
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface NodeAddress {
  type: string;
  address: string;
}

/** A cluster node from a dump, with what scheduling and network analysis read. */
export interface NodeInfo {
  name: string;
  labels: Record<string, string>;
  taints: Taint[];
  addresses: NodeAddress[];
  podCIDRs: string[];
  object: KubeObject;
}

export interface Inventory {
  /** Every object, implied ones included, in input order (implied ones last). */
  objects: KubeObject[];
  workloads: Workload[];
  namespaces: Map<string, KubeObject>;
  nodes: NodeInfo[];
  errors: InputError[];
  inputs: InputSummary[];
  /** Counts of objects whose kind the inventory does not model (CRDs' instances and the like). */
  unknownKinds: Record<string, number>;
  defaultNamespace: string;
}
