/** Valid and invalid cases of the host-access checks (CKP-2xx). */

import { container, deployment, withContainer, type CaseTable, type Obj } from '../fixtures.js';

/** A deployment with one hostPath volume mounted by its container. */
function hostPath(path: string, readOnly: boolean | undefined, extra: Obj = {}): Obj {
  const mount: Obj = { name: 'host', mountPath: '/host' };
  if (readOnly !== undefined) mount['readOnly'] = readOnly;
  return withContainer({ volumeMounts: [mount] }, { volumes: [{ name: 'host', hostPath: { path, ...extra } }] });
}

export const HOST_CASES: CaseTable = {
  'CKP-201': {
    valid: [{ name: 'hostPID unset', objects: [withContainer({})] }],
    invalid: [{ name: 'hostPID', objects: [withContainer({}, { hostPID: true })] }],
  },
  'CKP-202': {
    valid: [{ name: 'hostIPC false', objects: [withContainer({}, { hostIPC: false })] }],
    invalid: [{ name: 'hostIPC', objects: [withContainer({}, { hostIPC: true })] }],
  },
  'CKP-203': {
    valid: [{ name: 'pod network', objects: [withContainer({})] }],
    invalid: [{ name: 'hostNetwork', objects: [withContainer({}, { hostNetwork: true })] }],
  },
  'CKP-204': {
    valid: [
      { name: 'containerPort only', objects: [withContainer({})] },
      {
        name: 'host network (the API fills hostPort in; CKP-203 reports it)',
        objects: [withContainer({ ports: [{ containerPort: 9100, hostPort: 9100 }] }, { hostNetwork: true })],
      },
    ],
    invalid: [
      {
        name: 'hostPort',
        objects: [withContainer({ ports: [{ containerPort: 8080, hostPort: 80 }] })],
        message: /host port 80/,
      },
    ],
  },
  'CKP-205': {
    valid: [
      { name: 'no hostPath', objects: [withContainer({})] },
      { name: 'writable (CKP-207, not this)', objects: [hostPath('/data', undefined)] },
    ],
    invalid: [
      { name: 'read-only, not sensitive', objects: [hostPath('/var/log/app', true)], message: /read-only/ },
      {
        name: 'declared but mounted by no container',
        objects: [withContainer({}, { volumes: [{ name: 'unused', hostPath: { path: '/data' } }] })],
        message: /mounted by no container/,
      },
    ],
  },
  'CKP-206': {
    valid: [
      { name: 'a data folder', objects: [hostPath('/data/app', true)] },
      { name: 'the runtime socket (CKP-208, not this)', objects: [hostPath('/var/run/docker.sock', true)] },
    ],
    invalid: [
      { name: 'the host root, read-only', objects: [hostPath('/', true)], message: /root filesystem, read-only/ },
      { name: '/etc/kubernetes, writable', objects: [hostPath('/etc/kubernetes', false)], message: /writable/ },
      { name: '/var/lib (holds the kubelet’s state)', objects: [hostPath('/var/lib', true)] },
      { name: 'trailing slash /proc/', objects: [hostPath('/proc/', true)] },
    ],
  },
  'CKP-207': {
    valid: [
      { name: 'read-only mount', objects: [hostPath('/data', true)] },
      { name: 'sensitive and writable (CKP-206)', objects: [hostPath('/etc', false)] },
    ],
    invalid: [
      { name: 'readOnly unset', objects: [hostPath('/data', undefined)] },
      {
        name: 'read-only in one container, writable in another',
        objects: [
          deployment({
            volumes: [{ name: 'host', hostPath: { path: '/data' } }],
            containers: [
              container({ volumeMounts: [{ name: 'host', mountPath: '/a', readOnly: true }] }),
              container({ name: 'writer', volumeMounts: [{ name: 'host', mountPath: '/b' }] }),
            ],
          }),
        ],
        message: /writable in writer$|writable in writer \(/,
      },
    ],
  },
  'CKP-208': {
    valid: [
      { name: 'a folder under /var/run that holds no socket', objects: [hostPath('/var/run/calico', false)] },
      { name: 'the host root is CKP-206', objects: [hostPath('/', true)] },
    ],
    invalid: [
      { name: 'docker.sock, even read-only', objects: [hostPath('/var/run/docker.sock', true)] },
      { name: 'containerd socket', objects: [hostPath('/run/containerd/containerd.sock', undefined)] },
      { name: 'the folder that holds it (/var/run)', objects: [hostPath('/var/run', true)] },
      { name: 'CRI-O socket', objects: [hostPath('/var/run/crio/crio.sock', true, { type: 'Socket' })] },
    ],
  },
};
