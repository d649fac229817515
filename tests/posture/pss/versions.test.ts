import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject } from '../../../src/inventory/json.js';
import {
  applyPodDefaults,
  DEFAULT_REGISTRY,
  evaluatePod,
  PSS_CHECKS,
  PssRegistry,
  resolvedVersion,
  type Level,
  type PolicyVersion,
} from '../../../src/posture/pss/index.js';
import { goQuote } from '../../../src/posture/pss/helpers.js';

/** A pod that passes restricted at every version: the shape of upstream's base fixture. */
function restrictedPod(overrides: { pod?: JsonObject; container?: JsonObject; spec?: JsonObject } = {}): JsonObject {
  const container = (name: string): JsonObject => ({
    name,
    image: 'registry.k8s.io/pause',
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, ...overrides.container },
  });
  return {
    containers: [container('container1')],
    initContainers: [container('initcontainer1')],
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, ...overrides.pod },
    ...overrides.spec,
  };
}

function checks(spec: JsonObject, level: Level, version: PolicyVersion, annotations: Record<string, string> = {}) {
  return evaluatePod({ annotations }, spec, level, version).violations.map((v) => v.check);
}

describe('policy versions', () => {
  test('latest is the newest version any check defines (v1.37); later versions evaluate as it', () => {
    assert.equal(DEFAULT_REGISTRY.maxMinor, 37);
    assert.equal(resolvedVersion('latest'), 'v1.37');
    assert.equal(resolvedVersion('v1.99'), 'v1.37');
    assert.equal(resolvedVersion('v1.5'), 'v1.5');
    const pod = restrictedPod({ pod: { sysctls: [{ name: 'net.ipv4.tcp_notsent_lowat', value: '1' }] } });
    assert.deepEqual(checks(pod, 'baseline', 'latest'), []);
    assert.deepEqual(checks(pod, 'baseline', 'v1.99'), []);
    assert.deepEqual(checks(pod, 'baseline', 'v1.36'), ['sysctls']);
  });

  test('the base pod passes restricted at every version, and privileged allows anything', () => {
    for (let minor = 0; minor <= 40; minor++)
      assert.deepEqual(checks(restrictedPod(), 'restricted', `v1.${minor}`), []);
    const terrible = { hostPID: true, containers: [{ name: 'c', securityContext: { privileged: true } }] };
    assert.deepEqual(evaluatePod({ annotations: {} }, terrible, 'privileged', 'latest'), {
      allowed: true,
      violations: [],
    });
  });

  test('checks appear at their first version: allowPrivilegeEscalation 1.8, capabilities_restricted 1.22, runAsUser 1.23', () => {
    const pod: JsonObject = { securityContext: { runAsUser: 0 }, containers: [{ name: 'c' }] };
    assert.deepEqual(checks(pod, 'restricted', 'v1.7'), ['runAsNonRoot']);
    assert.deepEqual(checks(pod, 'restricted', 'v1.8'), ['allowPrivilegeEscalation', 'runAsNonRoot']);
    assert.deepEqual(checks(pod, 'restricted', 'v1.19'), [
      'allowPrivilegeEscalation',
      'runAsNonRoot',
      'seccompProfile_restricted',
    ]);
    assert.deepEqual(checks(pod, 'restricted', 'v1.22'), [
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'runAsNonRoot',
      'seccompProfile_restricted',
    ]);
    assert.deepEqual(checks(pod, 'restricted', 'v1.23'), [
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'runAsNonRoot',
      'runAsUser',
      'seccompProfile_restricted',
    ]);
  });

  test('capabilities_baseline runs at restricted until capabilities_restricted replaces it (v1.22)', () => {
    const pod = restrictedPod({ container: { capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } } });
    assert.deepEqual(checks(pod, 'restricted', 'v1.21'), ['capabilities_baseline']);
    assert.deepEqual(checks(pod, 'restricted', 'v1.22'), ['capabilities_restricted']);
    assert.deepEqual(checks(pod, 'baseline', 'v1.22'), ['capabilities_baseline']);
  });

  test('seccomp: annotations before v1.19, fields from v1.19', () => {
    const annotated = { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' };
    const unconfinedField: JsonObject = {
      securityContext: { seccompProfile: { type: 'Unconfined' } },
      containers: [{ name: 'c' }],
    };
    assert.deepEqual(checks({ containers: [{ name: 'c' }] }, 'baseline', 'v1.18', annotated), [
      'seccompProfile_baseline',
    ]);
    assert.deepEqual(checks({ containers: [{ name: 'c' }] }, 'baseline', 'v1.19', annotated), []);
    assert.deepEqual(checks(unconfinedField, 'baseline', 'v1.18'), []);
    assert.deepEqual(checks(unconfinedField, 'baseline', 'v1.19'), ['seccompProfile_baseline']);
    const result = evaluatePod(
      { annotations: { ...annotated, 'container.seccomp.security.alpha.kubernetes.io/c': 'x' } },
      { containers: [{ name: 'c' }] },
      'baseline',
      'v1.0',
    );
    assert.equal(
      result.violations[0]!.message,
      'seccompProfile (forbidden annotations container.seccomp.security.alpha.kubernetes.io/c="x", ' +
        'seccomp.security.alpha.kubernetes.io/pod="unconfined")',
    );
  });

  test('sysctls: each safe sysctl is allowed from its version on', () => {
    const firstVersion: Record<string, number> = {
      'kernel.shm_rmid_forced': 0,
      'net.ipv4.ip_unprivileged_port_start': 0,
      'net.ipv4.ip_local_reserved_ports': 27,
      'net.ipv4.tcp_keepalive_time': 29,
      'net.ipv4.tcp_fin_timeout': 29,
      'net.ipv4.tcp_keepalive_intvl': 29,
      'net.ipv4.tcp_keepalive_probes': 29,
      'net.ipv4.tcp_rmem': 32,
      'net.ipv4.tcp_wmem': 32,
      'net.ipv4.tcp_slow_start_after_idle': 37,
      'net.ipv4.tcp_notsent_lowat': 37,
    };
    for (const [name, since] of Object.entries(firstVersion)) {
      const pod = { securityContext: { sysctls: [{ name, value: '1' }] }, containers: [{ name: 'c' }] };
      if (since > 0) assert.deepEqual(checks(pod, 'baseline', `v1.${since - 1}`), ['sysctls'], name);
      assert.deepEqual(checks(pod, 'baseline', `v1.${since}`), [], name);
    }
    const bad = {
      securityContext: { sysctls: [{ name: 'kernel.msgmax' }, { name: 'net.core.somaxconn' }] },
      containers: [],
    };
    assert.equal(
      evaluatePod({ annotations: {} }, bad, 'baseline').violations[0]!.message,
      'forbidden sysctls (kernel.msgmax, net.core.somaxconn)',
    );
  });

  test('hostProbesAndHostLifecycle starts at v1.34', () => {
    const pod: JsonObject = {
      containers: [
        { name: 'b', readinessProbe: { tcpSocket: { host: 'z.example', port: 1 } } },
        {
          name: 'a',
          lifecycle: { preStop: { httpGet: { host: '10.0.0.1', port: 80 } } },
          livenessProbe: { httpGet: { host: '', port: 8 } },
        },
      ],
    };
    assert.deepEqual(checks(pod, 'baseline', 'v1.33'), []);
    const result = evaluatePod({ annotations: {} }, pod, 'baseline', 'v1.34');
    assert.equal(
      result.violations[0]!.message,
      'probe or lifecycle host (containers "a", "b" use probe or lifecycle hosts "10.0.0.1", "z.example")',
    );
  });
});

describe('the v1.31 SELinux change: container_engine_t', () => {
  const pod = (where: 'pod' | 'container'): JsonObject =>
    where === 'pod'
      ? restrictedPod({ pod: { seLinuxOptions: { type: 'container_engine_t' } } })
      : restrictedPod({ container: { seLinuxOptions: { type: 'container_engine_t', level: 's0:c1,c2' } } });

  for (const where of ['pod', 'container'] as const) {
    test(`on the ${where}: forbidden up to v1.30, allowed from v1.31, at baseline and restricted`, () => {
      for (const level of ['baseline', 'restricted'] as const) {
        for (const version of ['v1.0', 'v1.25', 'v1.30'] as const) {
          assert.deepEqual(checks(pod(where), level, version), ['seLinuxOptions'], `${level} ${version}`);
        }
        for (const version of ['v1.31', 'v1.32', 'v1.37', 'latest'] as const) {
          assert.deepEqual(checks(pod(where), level, version), [], `${level} ${version}`);
        }
      }
    });
  }

  test('the v1.30 message names the type; other types and user/role stay forbidden at v1.31', () => {
    assert.equal(
      evaluatePod({ annotations: {} }, pod('container'), 'baseline', 'v1.30').violations[0]!.message,
      'seLinuxOptions (containers "initcontainer1", "container1" set forbidden securityContext.seLinuxOptions: ' +
        'type "container_engine_t")',
    );
    const other = restrictedPod({ pod: { seLinuxOptions: { type: 'spc_t', user: 'system_u' } } });
    assert.equal(
      evaluatePod({ annotations: {} }, other, 'baseline', 'v1.31').violations[0]!.message,
      'seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set)',
    );
  });
});

describe('the v1.25 Windows exemptions', () => {
  /** A Windows pod as upstream's base_windows fixture: runAsNonRoot only, no Linux-only fields. */
  const windowsPod = (os = 'windows'): JsonObject => ({
    os: { name: os },
    securityContext: { runAsNonRoot: true },
    containers: [{ name: 'container1' }],
    initContainers: [{ name: 'initcontainer1' }],
  });

  test('before v1.25 a Windows pod needs allowPrivilegeEscalation, capabilities and seccomp like any pod', () => {
    assert.deepEqual(checks(windowsPod(), 'restricted', 'v1.24'), [
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'seccompProfile_restricted',
    ]);
  });

  test('from v1.25 spec.os.name: windows exempts it from those three checks', () => {
    for (const version of ['v1.25', 'v1.29', 'latest'] as const) {
      assert.deepEqual(checks(windowsPod(), 'restricted', version), [], version);
    }
  });

  test('only the exact value "windows" exempts; linux and other spellings do not', () => {
    for (const os of ['linux', 'Windows', '']) {
      assert.deepEqual(
        checks(windowsPod(os), 'restricted', 'v1.25'),
        ['allowPrivilegeEscalation', 'capabilities_restricted', 'seccompProfile_restricted'],
        os,
      );
    }
  });

  test('the other checks still apply to Windows pods', () => {
    const pod = { ...windowsPod(), securityContext: { windowsOptions: { hostProcess: true } }, hostNetwork: true };
    assert.deepEqual(checks(pod, 'restricted', 'latest'), ['hostNamespaces', 'windowsHostProcess', 'runAsNonRoot']);
    const explicit = {
      ...windowsPod(),
      containers: [{ name: 'c', securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }],
    };
    // capabilities_restricted is exempt for Windows, and it replaces capabilities_baseline at restricted: nothing fires.
    assert.deepEqual(checks(explicit, 'restricted', 'v1.25'), []);
    assert.deepEqual(checks(explicit, 'baseline', 'v1.25'), ['capabilities_baseline']);
  });
});

describe('the v1.35 user-namespace relaxations (hostUsers: false)', () => {
  test('runAsNonRoot and runAsUser are skipped from v1.35 only', () => {
    const pod = restrictedPod({ pod: { runAsNonRoot: false, runAsUser: 0 }, spec: { hostUsers: false } });
    assert.deepEqual(checks(pod, 'restricted', 'v1.34'), ['runAsNonRoot', 'runAsUser']);
    assert.deepEqual(checks(pod, 'restricted', 'v1.35'), []);
    const hostUsers = restrictedPod({ pod: { runAsNonRoot: false, runAsUser: 0 }, spec: { hostUsers: true } });
    assert.deepEqual(checks(hostUsers, 'restricted', 'v1.35'), ['runAsNonRoot', 'runAsUser']);
  });

  test('baseline allows any procMount from v1.35; restricted still forbids it, through procMount_restricted', () => {
    const pod = restrictedPod({ container: { procMount: 'Unmasked' }, spec: { hostUsers: false } });
    assert.deepEqual(checks(pod, 'baseline', 'v1.34'), ['procMount']);
    assert.deepEqual(checks(pod, 'baseline', 'v1.35'), []);
    assert.deepEqual(checks(pod, 'restricted', 'v1.34'), ['procMount']);
    assert.deepEqual(checks(pod, 'restricted', 'v1.35'), ['procMount_restricted']);
    const hostUsers = restrictedPod({ container: { procMount: 'Unmasked' } });
    assert.deepEqual(checks(hostUsers, 'baseline', 'v1.35'), ['procMount']);
  });
});

describe('upstream evaluation details', () => {
  test('violations come baseline ids sorted, then restricted ids sorted (Go byte order)', () => {
    const pod: JsonObject = {
      hostIPC: true,
      securityContext: { seLinuxOptions: { role: 'r' }, seccompProfile: { type: 'Unconfined' } },
      containers: [{ name: 'c', ports: [{ hostPort: 1 }], securityContext: { privileged: true } }],
      volumes: [{ name: 'h', hostPath: { path: '/' } }],
    };
    assert.deepEqual(checks(pod, 'baseline', 'latest'), [
      'hostNamespaces',
      'hostPathVolumes',
      'hostPorts',
      'privileged',
      'seLinuxOptions',
      'seccompProfile_baseline',
    ]);
    assert.deepEqual(checks(pod, 'restricted', 'latest'), [
      'hostNamespaces',
      'hostPorts',
      'privileged',
      'seLinuxOptions',
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'restrictedVolumes',
      'runAsNonRoot',
      'seccompProfile_restricted',
    ]);
  });

  test('ephemeral containers are checked like the others, after init containers and containers', () => {
    const pod = restrictedPod({
      spec: { ephemeralContainers: [{ name: 'debug', securityContext: { privileged: true } }] },
    });
    const result = evaluatePod({ annotations: {} }, pod, 'restricted', 'latest');
    assert.deepEqual(
      result.violations.map((v) => v.message),
      [
        'privileged (container "debug" must not set securityContext.privileged=true)',
        'allowPrivilegeEscalation != false (container "debug" must set securityContext.allowPrivilegeEscalation=false)',
        'unrestricted capabilities (container "debug" must set securityContext.capabilities.drop=["ALL"])',
      ],
    );
  });

  test('the API defaulting admission sees: sourceless volumes are emptyDir, hostNetwork ports are host ports', () => {
    const spec = restrictedPod({ spec: { volumes: [{ name: 'scratch' }, { name: 'typo', emptydir: {} }] } });
    const before = JSON.stringify(spec);
    assert.deepEqual(checks(spec, 'restricted', 'latest'), []);
    assert.equal(
      evaluatePod({ annotations: {} }, spec, 'restricted', 'latest', { applyDefaults: false }).violations[0]!.message,
      'restricted volume types (volumes "scratch", "typo" use restricted volume type "unknown")',
    );
    assert.equal(JSON.stringify(spec), before, 'the input is not modified');
    const hostNetwork: JsonObject = {
      hostNetwork: true,
      containers: [{ name: 'web', ports: [{ containerPort: 8080 }, { containerPort: 9090, hostPort: 9091 }] }],
    };
    assert.deepEqual(
      evaluatePod({ annotations: {} }, hostNetwork, 'baseline', 'latest').violations.map((v) => v.message),
      ['host namespaces (hostNetwork=true)', 'hostPort (container "web" uses hostPorts 8080, 9091)'],
    );
    const clean = restrictedPod();
    assert.equal(applyPodDefaults(clean), clean, 'a spec that needs no defaulting is returned as it is');
  });

  test('fields are read with Go decoding: null is unset, missing names are ""', () => {
    const pod: JsonObject = {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: null } },
      ],
    };
    assert.deepEqual(checks(pod, 'restricted', 'latest'), []);
    const unset = { containers: [{ securityContext: { seccompProfile: {} } }] };
    assert.equal(
      evaluatePod({ annotations: {} }, unset, 'baseline', 'latest').violations[0]!.message,
      'seccompProfile (container "" must not set securityContext.seccompProfile.type to "")',
    );
  });

  test('annotation values are quoted as Go %q does', () => {
    assert.equal(goQuote('a"b\\c'), '"a\\"b\\\\c"');
    assert.equal(goQuote('line\nnext\ttab'), '"line\\nnext\\ttab"');
    assert.equal(goQuote('café 日本'), '"café 日本"');
    assert.equal(goQuote('\x00\x7f\u00a0\u200b'), '"\\x00\\x7f\\u00a0\\u200b"');
    const result = evaluatePod(
      { annotations: { 'container.apparmor.security.beta.kubernetes.io/c': 'un"confined' } },
      { containers: [{ name: 'c' }] },
      'baseline',
    );
    assert.equal(
      result.violations[0]!.message,
      'forbidden AppArmor profile (annotation must not set AppArmor profile type to ' +
        '"container.apparmor.security.beta.kubernetes.io/c="un\\"confined"")',
    );
  });
});

describe('the registry', () => {
  test('has the 19 upstream checks with their levels and overrides', () => {
    assert.equal(PSS_CHECKS.length, 19);
    assert.deepEqual(DEFAULT_REGISTRY.overridesOf('hostPathVolumes', 0), ['restrictedVolumes']);
    assert.deepEqual(DEFAULT_REGISTRY.overridesOf('seccompProfile_baseline', 18), []);
    assert.deepEqual(DEFAULT_REGISTRY.overridesOf('seccompProfile_baseline', 19), ['seccompProfile_restricted']);
    assert.deepEqual(DEFAULT_REGISTRY.overridesOf('capabilities_baseline', 22), ['capabilities_restricted']);
    assert.deepEqual(DEFAULT_REGISTRY.overridesOf('procMount', 34), []);
    assert.deepEqual(DEFAULT_REGISTRY.overridesOf('procMount', 37), ['procMount_restricted']);
    assert.equal(DEFAULT_REGISTRY.checksFor('baseline', 37).length, 12);
    assert.equal(DEFAULT_REGISTRY.checksFor('restricted', 37).length, 19 - 4);
  });

  test('rejects what upstream validateChecks rejects', () => {
    const body = () => ({ allowed: true }) as const;
    const check = { id: 'x', level: 'baseline', title: '', remediation: '' } as const;
    assert.throws(() => new PssRegistry([{ ...check, versions: [] }]), /empty/);
    assert.throws(
      () =>
        new PssRegistry([
          {
            ...check,
            versions: [
              { minimumMinor: 5, checkPod: body },
              { minimumMinor: 5, checkPod: body },
            ],
          },
        ]),
      /strictly increasing/,
    );
    assert.throws(
      () => new PssRegistry([{ ...check, versions: [{ minimumMinor: 0, checkPod: body, overrides: ['y'] }] }]),
      /only restricted checks/,
    );
    assert.throws(
      () =>
        new PssRegistry([
          { ...check, versions: [{ minimumMinor: 0, checkPod: body }] },
          { ...check, versions: [{ minimumMinor: 0, checkPod: body }] },
        ]),
      /multiple checks/,
    );
  });
});
