import { arrayField, isJsonObject, objectField, stringField, stringMap, type JsonObject } from './json.js';
import type { ContainerView, KubeObject, PodTemplateView } from './types.js';

export type TemplateResult =
  { kind: 'none' } | { kind: 'template'; template: PodTemplateView } | { kind: 'invalid'; message: string };

/** The built-in controllers, by API group; other kinds carrying a pod template (Argo Rollouts, ...) are found by shape. */
const CONTROLLERS: Record<string, readonly string[]> = {
  '': ['ReplicationController'],
  apps: ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'],
  extensions: ['Deployment', 'ReplicaSet', 'DaemonSet'],
  batch: ['Job', 'CronJob'],
};

function isBuiltInController(object: KubeObject): boolean {
  return CONTROLLERS[object.group]?.includes(object.kind) ?? false;
}

/**
 * The pod an object runs: a Pod's own spec, a controller's `spec.template`, a CronJob's (or any kind's)
 * `spec.jobTemplate.spec.template`. Objects that run no pods give `none`; a built-in controller whose template is
 * malformed gives `invalid`, with what is wrong.
 */
export function podTemplateOf(object: KubeObject): TemplateResult {
  let result = templates.get(object);
  if (!result) templates.set(object, (result = readTemplate(object)));
  return result;
}

/**
 * Read once per object: an object's `raw` is never changed in place (a plan's fixes make new objects), and a plan's
 * verification reads the 200k unchanged objects of a 100k-pod dump again.
 */
const templates = new WeakMap<KubeObject, TemplateResult>();

function readTemplate(object: KubeObject): TemplateResult {
  const raw = object.raw;
  if (object.kind === 'Pod' && object.group === '') return viewOf(raw, 'spec');
  const spec = objectField(raw, 'spec');
  const jobTemplate = objectField(spec, 'jobTemplate');
  if (jobTemplate || (object.kind === 'CronJob' && object.group === 'batch')) {
    return viewOf(objectField(objectField(jobTemplate, 'spec'), 'template'), 'spec.jobTemplate.spec.template.spec');
  }
  const template = objectField(spec, 'template');
  if (isBuiltInController(object) || Array.isArray(objectField(template, 'spec')?.['containers'])) {
    return viewOf(template, 'spec.template.spec');
  }
  return { kind: 'none' };
}

/** Reads the pod spec at `holder.spec` (a Pod, or a pod template), with the holder's labels and annotations. */
function viewOf(holder: JsonObject | undefined, specPath: string): TemplateResult {
  const podSpec = objectField(holder, 'spec');
  if (!podSpec) return { kind: 'invalid', message: `no pod spec at ${specPath}` };
  const metadata = objectField(holder, 'metadata');
  const containers: ContainerView[] = [];
  for (const [field, type] of [
    ['containers', 'container'],
    ['initContainers', 'initContainer'],
    ['ephemeralContainers', 'ephemeralContainer'],
  ] as const) {
    const value = podSpec[field];
    if (value === undefined || value === null) {
      if (field === 'containers') return { kind: 'invalid', message: `no containers at ${specPath}.containers` };
      continue;
    }
    const list = arrayField(podSpec, field);
    if (!list) return { kind: 'invalid', message: `${specPath}.${field} is not a list` };
    for (const [i, entry] of list.entries()) {
      const name = isJsonObject(entry) ? stringField(entry, 'name') : undefined;
      if (!isJsonObject(entry) || !name) {
        return { kind: 'invalid', message: `${specPath}.${field}[${i}] is not a container with a name` };
      }
      const image = stringField(entry, 'image');
      containers.push({ name, raw: entry, type, ...(image ? { image } : {}) });
    }
  }
  return {
    kind: 'template',
    template: {
      labels: stringMap(metadata, 'labels'),
      annotations: stringMap(metadata, 'annotations'),
      spec: podSpec,
      containers,
      specPath,
    },
  };
}
