import type { JsonObject } from '../../inventory/json.js';

/** The Pod Security Standards levels, least to most strict (k8s.io/pod-security-admission/api Level). */
export type Level = 'privileged' | 'baseline' | 'restricted';
export const LEVELS: readonly Level[] = ['privileged', 'baseline', 'restricted'];

/** The pod metadata a check reads: upstream passes the whole ObjectMeta, the checks read the annotations only. */
export interface PodMetadata {
  annotations: Readonly<Record<string, string>>;
  labels?: Readonly<Record<string, string>>;
}

/** A pod spec as JSON (`spec` of a Pod, `spec.template.spec` of a controller), read with Go decoding semantics. */
export type PodSpec = JsonObject;

/**
 * What one check says about a pod (upstream CheckResult). `reason` is short and always shown ("host namespaces");
 * `detail` names what was wrong ("hostNetwork=true") and may be empty.
 */
export type CheckResult = { allowed: true } | { allowed: false; reason: string; detail: string };

/** A check body: a pure function of the pod metadata and spec. */
export type CheckPodFn = (metadata: PodMetadata, spec: PodSpec) => CheckResult;

/** One revision of a check (upstream VersionedCheck). */
export interface VersionedCheck {
  /** The first policy version (1.<minimumMinor>) this revision applies to. */
  minimumMinor: number;
  checkPod: CheckPodFn;
  /** Baseline check ids this restricted revision replaces at the restricted level (upstream OverrideCheckIDs). */
  overrides?: readonly string[];
}

/** One check of the standard, like upstream's policy/check_<id>.go. */
export interface PssCheck {
  /** The upstream check id, e.g. `privileged`, `runAsNonRoot`, `seccompProfile_restricted`. */
  id: string;
  /** Baseline checks run at baseline and restricted; restricted checks at restricted only. */
  level: Exclude<Level, 'privileged'>;
  /** The control's name in the Pod Security Standards page, e.g. "Privileged Containers". */
  title: string;
  /** How to make a pod pass, in one or two sentences. */
  remediation: string;
  /** Revisions, strictly increasing by minimumMinor. */
  versions: readonly VersionedCheck[];
}

/** One failed check, as reported: the upstream check id and `reason (detail)`. */
export interface Violation {
  check: string;
  /** `reason (detail)`, or the reason alone when upstream gives no detail. */
  message: string;
  reason: string;
  detail: string;
}

export interface EvaluationResult {
  allowed: boolean;
  /** In upstream order: baseline checks by id, then restricted checks by id. */
  violations: Violation[];
}
