import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { loadInventory } from '../../src/inventory/load.js';
import { tempTree } from '../helpers.js';

/** Malformed documents, each of which must yield exactly one error. `%` is replaced by a unique name. */
const MALFORMED: readonly string[] = [
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: %\n', // unclosed flow mapping
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %\n data: x\n', // bad indentation
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "%\n', // unclosed quote
  '- just\n- a list\n',
  '"a scalar %"\n',
  'apiVersion: v1\nmetadata: {name: %}\n', // no kind
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {labels: {a: b}}\n', // no name
  'kind: ConfigMap\nmetadata: {name: %}\n', // no apiVersion
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n', // Helm
  '{{- if .Values.on }}\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: %}\n{{- end }}\n', // Helm
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: %}\nmetadata: {name: again}\n', // duplicate key
  'apiVersion: v1\nkind: ConfigMapList\nitems: 7\n', // a list whose items are no list
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: %}\ndata: *nowhere\n', // undefined alias
];

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
const labels = fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.stringMatching(/^[a-z0-9]{0,8}$/), { maxKeys: 3 });
const validObject = fc.oneof(
  fc.record({ kind: fc.constant('ConfigMap'), labels, data: fc.dictionary(name, fc.string(), { maxKeys: 3 }) }),
  fc.record({ kind: fc.constant('Pod'), labels, image: name }),
  fc.record({ kind: fc.constant('Deployment'), labels, image: name }),
  fc.record({ kind: fc.constant('ServiceAccount'), labels }),
);
type Valid = { kind: string; labels: Record<string, string>; data?: Record<string, string>; image?: string };

function manifest(object: Valid, objectName: string): Record<string, unknown> {
  const metadata = { name: objectName, namespace: 'prop', labels: object.labels };
  const podSpec = { containers: [{ name: 'c', image: object.image ?? 'x' }] };
  switch (object.kind) {
    case 'ConfigMap':
      return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: object.data ?? {} };
    case 'Pod':
      return { apiVersion: 'v1', kind: 'Pod', metadata, spec: podSpec };
    case 'Deployment':
      return {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata,
        spec: { template: { metadata: { labels: object.labels }, spec: podSpec } },
      };
    default:
      return { apiVersion: 'v1', kind: 'ServiceAccount', metadata };
  }
}

const document = fc.oneof(
  { weight: 3, arbitrary: validObject.map((v) => ({ valid: v as Valid })) },
  { weight: 1, arbitrary: fc.nat(MALFORMED.length - 1).map((i) => ({ malformed: i })) },
);
const files = fc.array(fc.array(document, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 });

test('random valid objects mixed with malformed documents: each malformed one is one error at its file and lines', async () => {
  await fc.assert(
    fc.asyncProperty(files, fc.boolean(), async (fileDocs, leadingSeparator) => {
      const tree: Record<string, string> = {};
      const expectedObjects: string[] = [];
      const expectedErrors: { file: string; from: number; to: number }[] = [];
      let serial = 0;
      fileDocs.forEach((docsOfFile, f) => {
        const file = `dir${f % 2}/file${f}.yaml`;
        let text = leadingSeparator ? '---\n' : '';
        for (const doc of docsOfFile) {
          const objectName = `obj-${serial++}`;
          const body =
            'valid' in doc
              ? // Written as YAML 1.1, which Kubernetes reads: a label key `no` or `n` is quoted, not a boolean.
                stringify(manifest(doc.valid, objectName), { version: '1.1' })
              : MALFORMED[doc.malformed]!.replace('%', objectName);
          const from = text.split('\n').length;
          text += body;
          const to = text.split('\n').length - 1;
          if ('valid' in doc) expectedObjects.push(`${doc.valid.kind}/${objectName}`);
          else expectedErrors.push({ file, from, to });
          text += '---\n';
        }
        tree[file] = text;
      });
      const root = tempTree(tree);
      const inventory = await loadInventory([root]);
      const loaded = inventory.objects.filter((o) => !o.implied).map((o) => `${o.kind}/${o.name}`);
      assert.deepEqual(loaded.sort(), expectedObjects.sort());
      assert.equal(inventory.errors.length, expectedErrors.length, JSON.stringify(inventory.errors));
      const unmatched = [...inventory.errors];
      for (const expected of expectedErrors) {
        const at = unmatched.findIndex(
          (e) =>
            e.file === path.join(root, expected.file) &&
            e.line !== undefined &&
            e.line >= expected.from &&
            e.line <= expected.to,
        );
        assert.ok(
          at >= 0,
          `no error for ${expected.file}:${expected.from}-${expected.to} in ${JSON.stringify(unmatched)}`,
        );
        unmatched.splice(at, 1);
      }
    }),
    { numRuns: 60 },
  );
});
