/** Valid and invalid cases of the workload security-context checks (CKP-1xx). */

import { GOOD_SC, container, deployment, pod, podSpec, withContainer, type CaseTable } from '../fixtures.js';

const windows = { os: { name: 'windows' } };

export const WORKLOAD_CASES: CaseTable = {
  'CKP-101': {
    valid: [
      { name: 'privileged unset', objects: [withContainer({})] },
      { name: 'privileged false', objects: [withContainer({ securityContext: { ...GOOD_SC, privileged: false } })] },
    ],
    invalid: [
      { name: 'privileged container', objects: [withContainer({ securityContext: { privileged: true } })] },
      {
        name: 'privileged init container, reported by name',
        objects: [deployment({ initContainers: [container({ name: 'init', securityContext: { privileged: true } })] })],
        message: /container init runs privileged \(spec\.template\.spec\.initContainers\[0\]/,
      },
    ],
  },
  'CKP-102': {
    valid: [
      { name: 'allowPrivilegeEscalation false', objects: [withContainer({})] },
      {
        name: 'privileged container (CKP-101 covers it; false would be rejected)',
        objects: [withContainer({ securityContext: { privileged: true } })],
      },
      { name: 'Windows pod', objects: [withContainer({ securityContext: {} }, windows)] },
    ],
    invalid: [
      { name: 'unset', objects: [withContainer({ securityContext: { runAsNonRoot: true } })], message: /does not set/ },
      {
        name: 'true',
        objects: [withContainer({ securityContext: { allowPrivilegeEscalation: true } })],
        message: /true/,
      },
    ],
  },
  'CKP-103': {
    valid: [
      { name: 'runAsNonRoot on the container', objects: [withContainer({})] },
      {
        name: 'runAsNonRoot inherited from the pod',
        objects: [withContainer({ securityContext: {} }, { securityContext: { runAsNonRoot: true } })],
      },
      {
        name: 'runAsUser > 0 on the pod satisfies it',
        objects: [withContainer({ securityContext: {} }, { securityContext: { runAsUser: 1000 } })],
      },
      {
        name: 'runAsUser > 0 on the container satisfies it',
        objects: [withContainer({ securityContext: { runAsUser: 1000 } })],
      },
      {
        name: 'user namespace (hostUsers: false)',
        objects: [withContainer({ securityContext: {} }, { hostUsers: false })],
      },
      { name: 'runAsUser 0 is CKP-104, not this', objects: [withContainer({ securityContext: { runAsUser: 0 } })] },
    ],
    invalid: [
      { name: 'nothing set', objects: [withContainer({ securityContext: {} })], message: /image's user/ },
      {
        name: 'container false overrides pod true',
        objects: [
          withContainer({ securityContext: { runAsNonRoot: false } }, { securityContext: { runAsNonRoot: true } }),
        ],
        message: /runAsNonRoot: false/,
      },
      {
        name: 'every container of the pod',
        objects: [
          deployment({
            containers: [container({ securityContext: {} }), container({ name: 'side', securityContext: {} })],
          }),
        ],
        findings: 2,
      },
    ],
  },
  'CKP-104': {
    valid: [
      { name: 'non-zero UID', objects: [withContainer({ securityContext: { runAsUser: 1000 } })] },
      {
        name: 'container UID overrides pod 0',
        objects: [withContainer({ securityContext: { runAsUser: 1000 } }, { securityContext: { runAsUser: 0 } })],
      },
    ],
    invalid: [
      { name: 'UID 0 on the container', objects: [withContainer({ securityContext: { runAsUser: 0 } })] },
      {
        name: 'UID 0 inherited from the pod',
        objects: [withContainer({ securityContext: {} }, { securityContext: { runAsUser: 0 } })],
      },
    ],
  },
  'CKP-105': {
    valid: [
      { name: 'UID 10001', objects: [withContainer({ securityContext: { runAsUser: 10001 } })] },
      { name: 'no UID', objects: [withContainer({})] },
    ],
    invalid: [{ name: 'UID 999', objects: [withContainer({ securityContext: { runAsUser: 999 } })], message: /999/ }],
  },
  'CKP-106': {
    valid: [
      {
        name: 'non-root groups',
        objects: [withContainer({}, { securityContext: { runAsGroup: 1000, fsGroup: 2000 } })],
      },
    ],
    invalid: [
      { name: 'runAsGroup 0', objects: [withContainer({ securityContext: { runAsGroup: 0 } })] },
      { name: 'fsGroup 0', objects: [withContainer({}, { securityContext: { fsGroup: 0 } })] },
      {
        name: 'supplemental group 0',
        objects: [withContainer({}, { securityContext: { supplementalGroups: [1000, 0] } })],
      },
    ],
  },
  'CKP-107': {
    valid: [
      { name: 'read-only root', objects: [withContainer({})] },
      {
        name: 'init containers are not checked',
        objects: [deployment({ initContainers: [container({ name: 'init', securityContext: {} })] })],
      },
    ],
    invalid: [
      { name: 'unset', objects: [withContainer({ securityContext: {} })] },
      {
        name: 'sidecar (init container with restartPolicy Always)',
        objects: [
          deployment({ initContainers: [container({ name: 'proxy', restartPolicy: 'Always', securityContext: {} })] }),
        ],
      },
    ],
  },
  'CKP-108': {
    valid: [
      {
        name: 'NET_BIND_SERVICE only',
        objects: [withContainer({ securityContext: { capabilities: { add: ['NET_BIND_SERVICE'] } } })],
      },
      {
        name: 'privileged container (CKP-101)',
        objects: [withContainer({ securityContext: { privileged: true, capabilities: { add: ['SYS_ADMIN'] } } })],
      },
    ],
    invalid: [
      { name: 'SYS_ADMIN', objects: [withContainer({ securityContext: { capabilities: { add: ['SYS_ADMIN'] } } })] },
      {
        name: 'CAP_SYS_ADMIN spelling',
        objects: [withContainer({ securityContext: { capabilities: { add: ['CAP_SYS_ADMIN'] } } })],
      },
      { name: 'ALL', objects: [withContainer({ securityContext: { capabilities: { add: ['ALL'] } } })] },
    ],
  },
  'CKP-109': {
    valid: [
      { name: 'no SYS_MODULE', objects: [withContainer({ securityContext: { capabilities: { add: ['CHOWN'] } } })] },
    ],
    invalid: [
      { name: 'SYS_MODULE', objects: [withContainer({ securityContext: { capabilities: { add: ['SYS_MODULE'] } } })] },
    ],
  },
  'CKP-110': {
    valid: [
      {
        name: 'default-set capability',
        objects: [withContainer({ securityContext: { capabilities: { add: ['CHOWN', 'NET_BIND_SERVICE'] } } })],
      },
      {
        name: 'capabilities with their own check',
        objects: [withContainer({ securityContext: { capabilities: { add: ['SYS_ADMIN', 'NET_RAW'] } } })],
      },
    ],
    invalid: [
      {
        name: 'NET_ADMIN and SYS_PTRACE',
        objects: [withContainer({ securityContext: { capabilities: { add: ['NET_ADMIN', 'SYS_PTRACE', 'CHOWN'] } } })],
        message: /NET_ADMIN and SYS_PTRACE/,
      },
    ],
  },
  'CKP-111': {
    valid: [
      { name: 'drop ALL', objects: [withContainer({})] },
      {
        name: 'privileged (dropping does not restrict it)',
        objects: [withContainer({ securityContext: { privileged: true } })],
      },
    ],
    invalid: [
      { name: 'no drop', objects: [withContainer({ securityContext: { runAsNonRoot: true } })], message: /drops no/ },
      {
        name: 'drops some but not ALL',
        objects: [withContainer({ securityContext: { capabilities: { drop: ['NET_RAW'] } } })],
        message: /not ALL/,
      },
    ],
  },
  'CKP-112': {
    valid: [{ name: 'NET_RAW not added', objects: [withContainer({})] }],
    invalid: [
      {
        name: 'NET_RAW added',
        objects: [
          withContainer({ securityContext: { ...GOOD_SC, capabilities: { drop: ['ALL'], add: ['NET_RAW'] } } }),
        ],
      },
    ],
  },
  'CKP-113': {
    valid: [
      { name: 'RuntimeDefault on the pod', objects: [withContainer({})] },
      {
        name: 'container RuntimeDefault overrides pod Unconfined',
        objects: [
          withContainer(
            { securityContext: { ...GOOD_SC, seccompProfile: { type: 'RuntimeDefault' } } },
            { securityContext: { seccompProfile: { type: 'Unconfined' } } },
          ),
        ],
      },
    ],
    invalid: [
      {
        name: 'Unconfined on the pod',
        objects: [withContainer({}, { securityContext: { seccompProfile: { type: 'Unconfined' } } })],
      },
      {
        name: 'legacy unconfined annotation',
        objects: [
          deployment(
            { securityContext: {} },
            {},
            { labels: { app: 'web' }, annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } },
          ),
        ],
      },
    ],
  },
  'CKP-114': {
    valid: [
      { name: 'pod-level RuntimeDefault', objects: [withContainer({})] },
      {
        name: 'every container sets one',
        objects: [
          withContainer(
            { securityContext: { ...GOOD_SC, seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } } },
            { securityContext: {} },
          ),
        ],
      },
      { name: 'Windows pod', objects: [withContainer({}, { securityContext: {}, ...windows })] },
    ],
    invalid: [
      {
        name: 'none anywhere: one finding per pod',
        objects: [deployment({ securityContext: {}, containers: [container(), container({ name: 'side' })] })],
        message: /containers app and side/,
      },
    ],
  },
  'CKP-115': {
    valid: [{ name: 'no AppArmor setting', objects: [withContainer({})] }],
    invalid: [
      {
        name: 'Unconfined field',
        objects: [withContainer({ securityContext: { ...GOOD_SC, appArmorProfile: { type: 'Unconfined' } } })],
      },
      {
        name: 'unconfined annotation',
        objects: [
          deployment(
            {},
            {},
            {
              labels: { app: 'web' },
              annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' },
            },
          ),
        ],
      },
    ],
  },
  'CKP-116': {
    valid: [
      {
        name: 'container_t with a level',
        objects: [
          withContainer({}, { securityContext: { seLinuxOptions: { type: 'container_t', level: 's0:c1,c2' } } }),
        ],
      },
    ],
    invalid: [
      {
        name: 'spc_t',
        objects: [withContainer({ securityContext: { ...GOOD_SC, seLinuxOptions: { type: 'spc_t' } } })],
        message: /type spc_t/,
      },
      {
        name: 'custom user on the pod',
        objects: [withContainer({}, { securityContext: { seLinuxOptions: { user: 'system_u' } } })],
      },
    ],
  },
  'CKP-117': {
    valid: [
      {
        name: 'safe sysctl',
        objects: [
          withContainer({}, { securityContext: { sysctls: [{ name: 'net.ipv4.tcp_syncookies', value: '1' }] } }),
        ],
      },
    ],
    invalid: [
      {
        name: 'kernel.msgmax',
        objects: [
          withContainer(
            {},
            {
              securityContext: {
                sysctls: [
                  { name: 'kernel.msgmax', value: '65536' },
                  { name: 'net.ipv4.tcp_syncookies', value: '1' },
                ],
              },
            },
          ),
        ],
        message: /kernel\.msgmax/,
      },
    ],
  },
  'CKP-118': {
    valid: [
      { name: 'Default', objects: [withContainer({ securityContext: { ...GOOD_SC, procMount: 'Default' } })] },
      {
        name: 'Unmasked in a user namespace',
        objects: [withContainer({ securityContext: { ...GOOD_SC, procMount: 'Unmasked' } }, { hostUsers: false })],
      },
    ],
    invalid: [
      { name: 'Unmasked', objects: [withContainer({ securityContext: { ...GOOD_SC, procMount: 'Unmasked' } })] },
    ],
  },
  'CKP-119': {
    valid: [{ name: 'Windows pod without hostProcess', objects: [withContainer({}, windows)] }],
    invalid: [
      {
        name: 'pod-level hostProcess',
        objects: [
          withContainer(
            {},
            { ...windows, hostNetwork: true, securityContext: { windowsOptions: { hostProcess: true } } },
          ),
        ],
      },
      {
        name: 'container hostProcess',
        objects: [withContainer({ securityContext: { windowsOptions: { hostProcess: true } } }, windows)],
      },
    ],
  },
  'CKP-120': {
    valid: [
      {
        name: 'core types and hostPath (CKP-205..208)',
        objects: [
          withContainer(
            {},
            {
              volumes: [
                { name: 'a', emptyDir: {} },
                { name: 'b', configMap: { name: 'c' } },
                { name: 'h', hostPath: { path: '/data' } },
              ],
            },
          ),
        ],
      },
    ],
    invalid: [
      {
        name: 'nfs',
        objects: [withContainer({}, { volumes: [{ name: 'n', nfs: { server: 'nfs.example.com', path: '/' } }] })],
        message: /nfs/,
      },
      {
        name: 'gitRepo',
        objects: [
          withContainer({}, { volumes: [{ name: 'g', gitRepo: { repository: 'https://example.com/r.git' } }] }),
        ],
      },
    ],
  },
  'CKP-121': {
    valid: [{ name: 'probes on the pod IP', objects: [withContainer({})] }],
    invalid: [
      {
        name: 'httpGet host',
        objects: [withContainer({ livenessProbe: { httpGet: { host: '169.254.169.254', path: '/', port: 80 } } })],
        message: /169\.254/,
      },
      {
        name: 'preStop tcpSocket host',
        objects: [withContainer({ lifecycle: { preStop: { tcpSocket: { host: '10.0.0.1', port: 22 } } } })],
      },
    ],
  },
  'CKP-122': {
    valid: [
      { name: 'hostUsers false', objects: [withContainer({}, { hostUsers: false })] },
      { name: 'host-network pods cannot use user namespaces', objects: [withContainer({}, { hostNetwork: true })] },
    ],
    invalid: [{ name: 'default', objects: [withContainer({})] }],
  },
  'CKP-123': {
    valid: [{ name: 'no hostAliases', objects: [withContainer({})] }],
    invalid: [
      {
        name: 'hostAliases',
        objects: [withContainer({}, { hostAliases: [{ ip: '10.0.0.9', hostnames: ['api.example.com'] }] })],
      },
    ],
  },
  'CKP-124': {
    valid: [
      {
        name: 'pod securityContext only',
        objects: [withContainer({ securityContext: undefined }, { securityContext: { runAsNonRoot: true } })],
      },
    ],
    invalid: [
      { name: 'none at all', objects: [withContainer({ securityContext: undefined }, { securityContext: undefined })] },
    ],
  },
  'CKP-125': {
    valid: [{ name: 'port 8080', objects: [withContainer({})] }],
    invalid: [{ name: 'port 80', objects: [withContainer({ ports: [{ containerPort: 80 }] })] }],
  },
  'CKP-126': {
    valid: [
      {
        name: 'no sudo; pseudo is not sudo',
        objects: [withContainer({ command: ['/bin/sh', '-c', 'pseudo-run --x'] })],
      },
    ],
    invalid: [
      { name: 'sudo in a shell command', objects: [withContainer({ command: ['/bin/sh', '-c', 'sudo -u app /app'] })] },
    ],
  },
  'CKP-127': {
    valid: [
      {
        name: 'distinct names',
        objects: [
          withContainer({
            env: [
              { name: 'A', value: '1' },
              { name: 'B', value: '2' },
            ],
          }),
        ],
      },
    ],
    invalid: [
      {
        name: 'A twice',
        objects: [
          withContainer({
            env: [
              { name: 'A', value: '1' },
              { name: 'A', value: '2' },
            ],
          }),
        ],
        message: /A more than once/,
      },
    ],
  },
};

export { pod, podSpec };
