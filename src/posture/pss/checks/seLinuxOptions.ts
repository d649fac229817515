import type { JsonObject } from '../../../inventory/json.js';
import {
  ALLOWED,
  containers,
  containersPhrase,
  forbidden,
  joinQuote,
  obj,
  pluralize,
  podSecurityContext,
  setList,
  str,
} from '../helpers.js';
import type { CheckPodFn, CheckResult, PodMetadata, PodSpec, PssCheck } from '../types.js';

export const SELINUX_TYPES_V1_0: ReadonlySet<string> = new Set([
  '',
  'container_t',
  'container_init_t',
  'container_kvm_t',
]);
/** Policy v1.31 adds container_engine_t. */
export const SELINUX_TYPES_V1_31: ReadonlySet<string> = new Set([...SELINUX_TYPES_V1_0, 'container_engine_t']);

function seLinuxOptionsWith(allowedTypes: ReadonlySet<string>): CheckPodFn {
  return (_metadata: PodMetadata, spec: PodSpec): CheckResult => {
    const badSetters: string[] = [];
    const badTypes: string[] = [];
    let setUser = false;
    let setRole = false;
    const valid = (opts: JsonObject): boolean => {
      let ok = true;
      const type = str(opts, 'type');
      if (!allowedTypes.has(type)) {
        ok = false;
        badTypes.push(type);
      }
      if (str(opts, 'user').length > 0) {
        ok = false;
        setUser = true;
      }
      if (str(opts, 'role').length > 0) {
        ok = false;
        setRole = true;
      }
      return ok;
    };
    const podOptions = obj(podSecurityContext(spec), 'seLinuxOptions');
    if (podOptions && !valid(podOptions)) badSetters.push('pod');
    const badContainers: string[] = [];
    for (const c of containers(spec)) {
      const options = obj(c.securityContext, 'seLinuxOptions');
      if (options && !valid(options)) badContainers.push(c.name);
    }
    if (badContainers.length > 0) badSetters.push(containersPhrase(badContainers));
    if (badSetters.length === 0) return ALLOWED;
    const badData: string[] = [];
    const types = setList(badTypes);
    if (types.length > 0) badData.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
    if (setUser) badData.push('user may not be set');
    if (setRole) badData.push('role may not be set');
    return forbidden(
      'seLinuxOptions',
      `${badSetters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${badData.join('; ')}`,
    );
  };
}

export const seLinuxOptionsV1Dot0 = seLinuxOptionsWith(SELINUX_TYPES_V1_0);
export const seLinuxOptionsV1Dot31 = seLinuxOptionsWith(SELINUX_TYPES_V1_31);

/** check_seLinuxOptions.go: the SELinux type is limited to the container types; user and role must be empty. */
export const seLinuxOptions: PssCheck = {
  id: 'seLinuxOptions',
  level: 'baseline',
  title: 'SELinux',
  remediation:
    'Leave seLinuxOptions.user and .role empty and set .type only to container_t, container_init_t, ' +
    'container_kvm_t or (from policy v1.31) container_engine_t.',
  versions: [
    { minimumMinor: 0, checkPod: seLinuxOptionsV1Dot0 },
    { minimumMinor: 31, checkPod: seLinuxOptionsV1Dot31 },
  ],
};
