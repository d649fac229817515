import { test } from 'node:test';
import assert from 'node:assert/strict';
import { strategicMerge } from '../../src/paths/merge.js';
import type { JsonObject } from '../../src/inventory/json.js';

const deployment = (): JsonObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', annotations: { a: '1', b: '2' } },
  spec: {
    template: {
      spec: {
        containers: [
          {
            name: 'app',
            image: 'app:1',
            securityContext: { privileged: true, runAsUser: 1000 },
            env: [
              { name: 'A', value: '1' },
              { name: 'B', value: '2' },
            ],
            volumeMounts: [{ name: 'logs', mountPath: '/var/log' }],
            ports: [{ containerPort: 8080, name: 'http' }],
          },
          { name: 'sidecar', image: 'side:1' },
        ],
        volumes: [
          { name: 'logs', hostPath: { path: '/var/log' } },
          { name: 'tmp', emptyDir: {} },
        ],
        args: ['--one', '--two'],
      },
    },
  },
});

/** Freezes a JSON value all the way down: changing it then throws (tests run in strict mode). */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

test('a merge changes neither the object nor the patch, and shares only what the patch leaves alone', () => {
  const base = deepFreeze(deployment());
  const patch = deepFreeze({
    spec: { template: { spec: { containers: [{ name: 'app', securityContext: { privileged: null } }] } } },
  });
  const out = strategicMerge(base, patch);
  assert.deepEqual(base, deployment());
  const spec = (o: JsonObject) => ((o['spec'] as JsonObject)['template'] as JsonObject)['spec'] as JsonObject;
  const containers = (o: JsonObject) => spec(o)['containers'] as JsonObject[];
  assert.deepEqual(containers(out)[0]!['securityContext'], { runAsUser: 1000 });
  assert.notEqual(containers(out), containers(base));
  assert.equal(out['metadata'], base['metadata']);
  assert.equal(spec(out)['volumes'], spec(base)['volumes']);
  assert.equal(containers(out)[1], containers(base)[1]);
});

test('maps merge key by key and null deletes a key', () => {
  const out = strategicMerge(deployment(), { metadata: { annotations: { a: null, c: '3' } } });
  assert.deepEqual((out['metadata'] as JsonObject)['annotations'], { b: '2', c: '3' });
  assert.equal((out['metadata'] as JsonObject)['name'], 'web');
});

test('containers merge by name: only the named container changes', () => {
  const out = strategicMerge(deployment(), {
    spec: { template: { spec: { containers: [{ name: 'app', securityContext: { privileged: false } }] } } },
  });
  const containers = ((out['spec'] as JsonObject)['template'] as JsonObject)['spec'] as JsonObject;
  const list = containers['containers'] as JsonObject[];
  assert.equal(list.length, 2);
  assert.deepEqual(list[0]!['securityContext'], { privileged: false, runAsUser: 1000 });
  assert.equal(list[0]!['image'], 'app:1');
  assert.deepEqual(list[1], { name: 'sidecar', image: 'side:1' });
});

test('env merges by name, volumeMounts by mountPath, new items are appended', () => {
  const out = strategicMerge(deployment(), {
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'app',
              env: [
                { name: 'B', value: 'two' },
                { name: 'C', value: '3' },
              ],
              volumeMounts: [{ mountPath: '/var/log', readOnly: true }],
            },
          ],
        },
      },
    },
  });
  const app = (((out['spec'] as JsonObject)['template'] as JsonObject)['spec'] as JsonObject)[
    'containers'
  ] as JsonObject[];
  assert.deepEqual(app[0]!['env'], [
    { name: 'A', value: '1' },
    { name: 'B', value: 'two' },
    { name: 'C', value: '3' },
  ]);
  assert.deepEqual(app[0]!['volumeMounts'], [{ name: 'logs', mountPath: '/var/log', readOnly: true }]);
});

test('$patch: delete removes a named list item; a list without merge key is replaced', () => {
  const out = strategicMerge(deployment(), {
    spec: { template: { spec: { volumes: [{ name: 'logs', $patch: 'delete' }], args: ['--three'] } } },
  });
  const spec = ((out['spec'] as JsonObject)['template'] as JsonObject)['spec'] as JsonObject;
  assert.deepEqual(spec['volumes'], [{ name: 'tmp', emptyDir: {} }]);
  assert.deepEqual(spec['args'], ['--three']);
});

test('Service ports merge by port; $patch: replace replaces a map', () => {
  const service: JsonObject = {
    kind: 'Service',
    spec: {
      type: 'LoadBalancer',
      ports: [
        { port: 80, targetPort: 8080 },
        { port: 443, targetPort: 8443 },
      ],
      selector: { app: 'web', tier: 'front' },
    },
  };
  const out = strategicMerge(service, {
    spec: { type: 'ClusterIP', ports: [{ port: 443, $patch: 'delete' }], selector: { $patch: 'replace', app: 'x' } },
  });
  assert.deepEqual(out['spec'], { type: 'ClusterIP', ports: [{ port: 80, targetPort: 8080 }], selector: { app: 'x' } });
});

test('the input is not changed and inserted values carry no directives or nulls', () => {
  const base = deployment();
  const before = JSON.stringify(base);
  const out = strategicMerge(base, { metadata: { labels: { x: 'y', z: null } } });
  assert.equal(JSON.stringify(base), before);
  assert.deepEqual((out['metadata'] as JsonObject)['labels'], { x: 'y' });
});
