import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject } from '../../../src/inventory/json.js';
import { appArmorProfileV1Dot0 } from '../../../src/posture/pss/checks/appArmorProfile.js';
import { capabilitiesRestrictedV1Dot22 } from '../../../src/posture/pss/checks/capabilitiesRestricted.js';
import { hostPortsV1Dot0 } from '../../../src/posture/pss/checks/hostPorts.js';
import { restrictedVolumesV1Dot0 } from '../../../src/posture/pss/checks/restrictedVolumes.js';
import { runAsNonRootV1Dot35 } from '../../../src/posture/pss/checks/runAsNonRoot.js';
import { seLinuxOptionsV1Dot31 } from '../../../src/posture/pss/checks/seLinuxOptions.js';
import type { CheckPodFn, PodMetadata } from '../../../src/posture/pss/types.js';

/*
 * The table tests of upstream's policy/check_*_test.go, case by case: the same pods must give the same reason and
 * detail, character for character.
 */

interface Case {
  name: string;
  spec: JsonObject;
  annotations?: Record<string, string>;
  reason?: string;
  detail?: string;
  allowed?: boolean;
}

function run(fn: CheckPodFn, cases: Case[]): void {
  for (const c of cases) {
    test(c.name, () => {
      const metadata: PodMetadata = { annotations: c.annotations ?? {} };
      const result = fn(metadata, c.spec);
      if (c.allowed) {
        assert.deepEqual(result, { allowed: true });
        return;
      }
      assert.equal(result.allowed, false);
      assert.deepEqual(result, { allowed: false, reason: c.reason, detail: c.detail });
    });
  }
}

const sc = (name: string, securityContext: JsonObject): JsonObject => ({ name, securityContext });

describe('check_seLinuxOptions_test.go (seLinuxOptions1_31)', () => {
  const allowedTypes = ['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'].map((type, i) =>
    sc('abcd'[i]!, { seLinuxOptions: { type } }),
  );
  const bad = [
    sc('e', { seLinuxOptions: { type: 'bar' } }),
    sc('f', { seLinuxOptions: { user: 'bar' } }),
    sc('g', { seLinuxOptions: { role: 'baz' } }),
  ];
  const badPod = { seLinuxOptions: { type: 'foo', user: 'bar', role: 'baz' } };
  run(seLinuxOptionsV1Dot31, [
    {
      name: 'invalid pod and containers',
      spec: { securityContext: badPod, containers: [...allowedTypes, ...bad] },
      reason: 'seLinuxOptions',
      detail:
        'pod and containers "e", "f", "g" set forbidden securityContext.seLinuxOptions: types "bar", "foo"; ' +
        'user may not be set; role may not be set',
    },
    {
      name: 'invalid pod',
      spec: { securityContext: badPod, containers: allowedTypes },
      reason: 'seLinuxOptions',
      detail: 'pod set forbidden securityContext.seLinuxOptions: type "foo"; user may not be set; role may not be set',
    },
    {
      name: 'invalid containers',
      spec: { securityContext: { seLinuxOptions: {} }, containers: [...allowedTypes, ...bad] },
      reason: 'seLinuxOptions',
      detail:
        'containers "e", "f", "g" set forbidden securityContext.seLinuxOptions: type "bar"; user may not be set; ' +
        'role may not be set',
    },
    {
      name: 'bad type',
      spec: { securityContext: { seLinuxOptions: { type: 'bad' } } },
      reason: 'seLinuxOptions',
      detail: 'pod set forbidden securityContext.seLinuxOptions: type "bad"',
    },
    {
      name: 'bad user',
      spec: { securityContext: { seLinuxOptions: { user: 'bad' } } },
      reason: 'seLinuxOptions',
      detail: 'pod set forbidden securityContext.seLinuxOptions: user may not be set',
    },
    {
      name: 'bad role',
      spec: { securityContext: { seLinuxOptions: { role: 'bad' } } },
      reason: 'seLinuxOptions',
      detail: 'pod set forbidden securityContext.seLinuxOptions: role may not be set',
    },
  ]);
});

describe('check_restrictedVolumes_test.go', () => {
  const allowed = [
    'emptyDir',
    'secret',
    'persistentVolumeClaim',
    'downwardAPI',
    'configMap',
    'projected',
    'csi',
    'ephemeral',
    'image',
  ];
  const restricted = [
    'hostPath',
    'gcePersistentDisk',
    'awsElasticBlockStore',
    'gitRepo',
    'nfs',
    'iscsi',
    'glusterfs',
    'rbd',
    'flexVolume',
    'cinder',
    'cephfs',
    'flocker',
    'fc',
    'azureFile',
    'vsphereVolume',
    'quobyte',
    'azureDisk',
    'photonPersistentDisk',
    'portworxVolume',
    'scaleIO',
    'storageos',
  ];
  run(restrictedVolumesV1Dot0, [
    {
      name: 'host path volumes',
      spec: {
        volumes: [
          ...allowed.map((type, i) => ({ name: `a${i + 1}`, [type]: {} })),
          ...restricted.map((type, i) => ({ name: `b${i + 1}`, [type]: {} })),
          { name: 'c1' },
        ],
      },
      reason: 'restricted volume types',
      detail:
        'volumes "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9", "b10", "b11", "b12", "b13", "b14", "b15", ' +
        '"b16", "b17", "b18", "b19", "b20", "b21", "c1" use restricted volume types "awsElasticBlockStore", ' +
        '"azureDisk", "azureFile", "cephfs", "cinder", "fc", "flexVolume", "flocker", "gcePersistentDisk", ' +
        '"gitRepo", "glusterfs", "hostPath", "iscsi", "nfs", "photonPersistentDisk", "portworxVolume", "quobyte", ' +
        '"rbd", "scaleIO", "storageos", "unknown", "vsphereVolume"',
    },
  ]);
});

describe('check_hostPorts_test.go', () => {
  run(hostPortsV1Dot0, [
    {
      name: 'one container, one host port',
      spec: {
        containers: [
          { name: 'a', ports: [{ hostPort: 0 }] },
          { name: 'b', ports: [{ hostPort: 0 }, { hostPort: 20 }] },
        ],
      },
      reason: 'hostPort',
      detail: 'container "b" uses hostPort 20',
    },
    {
      name: 'multiple containers, multiple host port',
      spec: {
        containers: [
          { name: 'a', ports: [{ hostPort: 0 }] },
          { name: 'b', ports: [{ hostPort: 0 }, { hostPort: 10 }, { hostPort: 20 }] },
          { name: 'c', ports: [{ hostPort: 0 }, { hostPort: 10 }, { hostPort: 30 }] },
        ],
      },
      reason: 'hostPort',
      detail: 'containers "b", "c" use hostPorts 10, 20, 30',
    },
  ]);
});

describe('check_runAsNonRoot_test.go (runAsNonRoot1_35)', () => {
  run(runAsNonRootV1Dot35, [
    {
      name: 'no explicit runAsNonRoot',
      spec: { containers: [{ name: 'a' }] },
      reason: 'runAsNonRoot != true',
      detail: 'pod or container "a" must set securityContext.runAsNonRoot=true',
    },
    {
      name: 'pod runAsNonRoot=false',
      spec: { securityContext: { runAsNonRoot: false }, containers: [{ name: 'a', securityContext: null }] },
      reason: 'runAsNonRoot != true',
      detail: 'pod must not set securityContext.runAsNonRoot=false',
    },
    {
      name: 'containers runAsNonRoot=false',
      spec: {
        securityContext: { runAsNonRoot: true },
        containers: [
          { name: 'a', securityContext: null },
          sc('b', {}),
          sc('c', { runAsNonRoot: false }),
          sc('d', { runAsNonRoot: false }),
          sc('e', { runAsNonRoot: true }),
          sc('f', { runAsNonRoot: true }),
        ],
      },
      reason: 'runAsNonRoot != true',
      detail: 'containers "c", "d" must not set securityContext.runAsNonRoot=false',
    },
    {
      name: 'pod nil, container fallthrough',
      spec: {
        containers: [
          { name: 'a', securityContext: null },
          sc('b', {}),
          sc('d', { runAsNonRoot: true }),
          sc('e', { runAsNonRoot: true }),
        ],
      },
      reason: 'runAsNonRoot != true',
      detail: 'pod or containers "a", "b" must set securityContext.runAsNonRoot=true',
    },
    { name: 'host users false allowed', spec: { hostUsers: false }, allowed: true },
  ]);
});

describe('check_appArmorProfile_test.go', () => {
  run(appArmorProfileV1Dot0, [
    {
      name: 'unconfined pod',
      spec: { securityContext: { appArmorProfile: { type: 'Unconfined' } } },
      reason: 'forbidden AppArmor profile',
      detail: 'pod must not set AppArmor profile type to "Unconfined"',
    },
    {
      name: 'unconfined container',
      spec: {
        securityContext: { appArmorProfile: { type: 'RuntimeDefault' } },
        containers: [sc('foo', { appArmorProfile: { type: 'Unconfined' } })],
      },
      reason: 'forbidden AppArmor profile',
      detail: 'container "foo" must not set AppArmor profile type to "Unconfined"',
    },
    {
      name: 'unconfined init container',
      spec: {
        securityContext: { appArmorProfile: { type: 'RuntimeDefault' } },
        containers: [{ name: 'foo' }],
        initContainers: [sc('bar', { appArmorProfile: { type: 'Unconfined' } })],
      },
      reason: 'forbidden AppArmor profile',
      detail: 'container "bar" must not set AppArmor profile type to "Unconfined"',
    },
    {
      name: 'multiple containers',
      spec: {},
      annotations: {
        'container.apparmor.security.beta.kubernetes.io/': 'bogus',
        'container.apparmor.security.beta.kubernetes.io/a': '',
        'container.apparmor.security.beta.kubernetes.io/b': 'runtime/default',
        'container.apparmor.security.beta.kubernetes.io/c': 'localhost/',
        'container.apparmor.security.beta.kubernetes.io/d': 'localhost/foo',
        'container.apparmor.security.beta.kubernetes.io/e': 'unconfined',
        'container.apparmor.security.beta.kubernetes.io/f': 'unknown',
      },
      reason: 'forbidden AppArmor profiles',
      detail:
        'annotations must not set AppArmor profile type to ' +
        '"container.apparmor.security.beta.kubernetes.io/="bogus"", ' +
        '"container.apparmor.security.beta.kubernetes.io/e="unconfined"", ' +
        '"container.apparmor.security.beta.kubernetes.io/f="unknown""',
    },
    {
      name: 'allowed: runtime default + extra annotations',
      spec: {},
      annotations: { 'container.apparmor.security.beta.kubernetes.io/test': 'runtime/default', env: 'prod' },
      allowed: true,
    },
    {
      name: 'allowed: localhost profile field',
      spec: { containers: [sc('foo', { appArmorProfile: { type: 'Localhost', localhostProfile: 'p' } })] },
      allowed: true,
    },
  ]);
});

describe('check_capabilities_restricted_test.go', () => {
  run(capabilitiesRestrictedV1Dot22, [
    {
      name: 'multiple containers',
      spec: {
        containers: [
          sc('a', { capabilities: { add: ['FOO', 'BAR'] } }),
          sc('b', { capabilities: { add: ['BAR', 'BAZ'] } }),
          sc('c', { capabilities: { add: ['NET_BIND_SERVICE', 'CHOWN'], drop: ['ALL', 'FOO'] } }),
        ],
      },
      reason: 'unrestricted capabilities',
      detail:
        'containers "a", "b" must set securityContext.capabilities.drop=["ALL"]; ' +
        'containers "a", "b", "c" must not include "BAR", "BAZ", "CHOWN", "FOO" in securityContext.capabilities.add',
    },
  ]);
});
