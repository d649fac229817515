import { test } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { loadInventory } from '../../src/inventory/load.js';
import type { Inventory } from '../../src/inventory/types.js';
import { parseValidReport, runCli, tempTree } from '../helpers.js';
import { configMap, docs, pod } from './fixtures.js';

function names(inventory: Inventory): string[] {
  return inventory.objects
    .filter((o) => !o.implied)
    .map((o) => `${o.kind}/${o.name}`)
    .sort();
}

test("invalid YAML: one error at the broken line, the file's other documents still load", async () => {
  const root = tempTree({
    'a.yaml': docs(
      configMap('before'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: broken\n',
      configMap('after'),
    ),
  });
  const inventory = await loadInventory([root]);
  assert.deepEqual(names(inventory), ['ConfigMap/after', 'ConfigMap/before']);
  assert.equal(inventory.errors.length, 1);
  const [error] = inventory.errors;
  assert.equal(error!.file, path.join(root, 'a.yaml'));
  // The broken document spans lines 9-12 (its flow mapping is still open on the blank line before `---`).
  assert.ok(error!.line! >= 9 && error!.line! <= 12, `line ${error!.line}`);
  assert.match(error!.message, /^invalid YAML: .*; document skipped$/);
});

test('invalid JSON: one error with the line of the fault', async () => {
  const root = tempTree({
    'a.json': '{\n  "apiVersion": "v1",\n  "kind": "ConfigMap",\n  "metadata": {"name": "x"},,\n}\n',
    'b.yaml': configMap('ok'),
  });
  const inventory = await loadInventory([root]);
  assert.deepEqual(names(inventory), ['ConfigMap/ok']);
  assert.equal(inventory.errors.length, 1);
  assert.equal(inventory.errors[0]!.line, 4);
  assert.match(inventory.errors[0]!.message, /^invalid JSON: /);
});

test('Helm template syntax is named as such, with the line, whether or not the YAML happens to parse', async () => {
  const template = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: {{ include "app.fullname" . }}',
    '  labels: {{- include "app.labels" . | nindent 4 }}',
  ].join('\n');
  const conditional = [
    '{{- if .Values.enabled }}',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: x',
    '{{- end }}',
  ].join('\n');
  const root = tempTree({
    'templates/deploy.yaml': template,
    'templates/cm.yaml': conditional,
    'ok.yaml': configMap('ok'),
  });
  const inventory = await loadInventory([root]);
  assert.deepEqual(names(inventory), ['ConfigMap/ok']);
  assert.equal(inventory.errors.length, 2);
  for (const error of inventory.errors) {
    assert.match(error.message, /unrendered Helm template .*helm template/);
    assert.ok(error.line! >= 1);
  }
});

test('a PrometheusRule whose strings carry {{ }} is not mistaken for a Helm template', async () => {
  const rule = [
    'apiVersion: monitoring.coreos.com/v1',
    'kind: PrometheusRule',
    'metadata: {name: r, namespace: monitoring}',
    'spec:',
    '  groups:',
    '    - name: g',
    '      rules:',
    '        - alert: Down',
    '          annotations:',
    '            description: |',
    '              {{ $labels.instance }} is down',
    "            summary: '{{ $labels.job }}'",
  ].join('\n');
  const inventory = await loadInventory([tempTree({ 'rule.yaml': rule })]);
  assert.deepEqual(inventory.errors, []);
  assert.deepEqual(names(inventory), ['PrometheusRule/r']);
});

test('a document that is not a mapping is an error; empty documents are not', async () => {
  const root = tempTree({ 'a.yaml': docs('- a\n- b', '"just a string"', '# only a comment', configMap('ok'), '') });
  const inventory = await loadInventory([root]);
  assert.deepEqual(names(inventory), ['ConfigMap/ok']);
  assert.deepEqual(
    inventory.errors.map((e) => [e.line, e.message]),
    [
      [1, 'document is a list, not a mapping; skipped'],
      [4, 'document is a string, not a mapping; skipped'],
    ],
  );
});

test('missing apiVersion, kind or metadata.name: one error naming what is missing', async () => {
  const root = tempTree({
    'a.yaml': docs(
      'kind: ConfigMap\nmetadata: {name: no-version}',
      'apiVersion: v1\nmetadata: {name: no-kind}',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {namespace: x}',
      'apiVersion: v1\nkind: Pod\nmetadata: {generateName: web-}',
      'apiVersion: v1\nkind: ConfigMap',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: 123}',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: [x]',
      configMap('ok'),
    ),
  });
  const inventory = await loadInventory([root]);
  assert.deepEqual(names(inventory), ['ConfigMap/ok']);
  assert.deepEqual(
    inventory.errors.map((e) => [e.line, e.object, e.message]),
    [
      [1, 'ConfigMap/no-version', 'missing apiVersion; object skipped'],
      [4, undefined, 'missing kind; object skipped'],
      [7, 'ConfigMap', 'missing metadata.name; object skipped'],
      [11, 'Pod', 'missing metadata.name (objects with only generateName cannot be applied); object skipped'],
      [15, 'ConfigMap', 'missing metadata; object skipped'],
      [18, 'ConfigMap', 'metadata.name is not a string; object skipped'],
      [22, 'ConfigMap', 'metadata is not a mapping; object skipped'],
    ],
  );
});

test('duplicate objects: the later copy wins, and the error names both places', async () => {
  const root = tempTree({
    'a.yaml': configMap('dup', 'web', 'v: first'),
    'b.yaml': configMap('dup', 'web', 'v: second'),
  });
  const inventory = await loadInventory([root]);
  const copies = inventory.objects.filter((o) => o.kind === 'ConfigMap');
  assert.equal(copies.length, 1);
  assert.deepEqual(copies[0]!.raw['data'], { v: 'second' });
  assert.equal(inventory.errors.length, 1);
  const error = inventory.errors[0]!;
  assert.equal(error.file, path.join(root, 'b.yaml'));
  assert.equal(error.object, 'ConfigMap/web/dup');
  assert.ok(error.message.includes(`also defined at ${path.join(root, 'a.yaml')}:1`), error.message);
  assert.match(error.message, /later copy wins/);
  // The same name in another namespace, or of another kind, is another object.
  const other = await loadInventory([
    tempTree({ 'a.yaml': docs(configMap('x', 'a'), configMap('x', 'b'), pod('x', 'a')) }),
  ]);
  assert.deepEqual(other.errors, []);
});

test('binary files are reported and skipped', async () => {
  const root = tempTree({
    'image.yaml': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a]),
    'latin1.yaml': Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]),
    'ok.yaml': configMap('ok'),
  });
  const inventory = await loadInventory([root]);
  assert.deepEqual(names(inventory), ['ConfigMap/ok']);
  assert.deepEqual(
    inventory.errors.map((e) => [path.basename(e.file), e.message]),
    [
      ['image.yaml', 'binary file (contains NUL bytes), not a manifest; skipped'],
      ['latin1.yaml', 'not UTF-8 text (binary or another encoding); skipped'],
    ],
  );
});

test('unreadable paths: a missing argument and a dangling symlink are reported, the rest loads', async () => {
  const root = tempTree({ 'ok.yaml': configMap('ok') });
  symlinkSync(path.join(root, 'gone.yaml'), path.join(root, 'dangling.yaml'));
  const missing = path.join(root, 'no-such-folder');
  const inventory = await loadInventory([root, missing]);
  assert.deepEqual(names(inventory), ['ConfigMap/ok']);
  assert.deepEqual(
    inventory.errors.map((e) => [e.file, e.message]),
    [
      [path.join(root, 'dangling.yaml'), 'cannot read: no such file or folder; skipped'],
      [missing, 'cannot read: no such file or folder; skipped'],
    ],
  );
});

test('symlink loops are reported once and not followed; every file is read once', async () => {
  const root = tempTree({ 'a/ok.yaml': configMap('ok') });
  symlinkSync('..', path.join(root, 'a', 'up'));
  symlinkSync('self', path.join(root, 'self'));
  const inventory = await loadInventory([root]);
  assert.deepEqual(names(inventory), ['ConfigMap/ok']);
  assert.deepEqual(
    inventory.errors.map((e) => [path.relative(root, e.file), e.message.replaceAll(root, 'ROOT')]),
    [
      ['a/up', 'symlink loop: ROOT/a/up leads back to ROOT; not followed'],
      ['self', 'cannot read: symlink loop: the link resolves to itself; skipped'],
    ],
  );
});

test('a YAML alias bomb is refused quickly without exhausting memory', async () => {
  const lines = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: {name: bomb}',
    'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ];
  for (let i = 1; i < 20; i++)
    lines.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(',')}]`,
    );
  lines.push('data: {x: *a19}');
  const root = tempTree({ 'bomb.yaml': docs(lines.join('\n'), configMap('ok')) });
  const before = process.memoryUsage().rss;
  const inventory = await loadInventory([root]);
  assert.ok(process.memoryUsage().rss - before < 256 * 1024 * 1024);
  assert.deepEqual(names(inventory), ['ConfigMap/ok']);
  assert.equal(inventory.errors.length, 1);
  assert.equal(inventory.errors[0]!.line, 1);
  assert.match(
    inventory.errors[0]!.message,
    /too many YAML alias expansions \(over 100\): a possible alias bomb; document skipped/,
  );
});

test('a few legitimate aliases and merge keys load as Kubernetes reads them', async () => {
  const yaml = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: {name: anchors, labels: &l {app: web}, annotations: {<<: *l, extra: "on"}}',
    'data: {enabled: yes}',
  ].join('\n');
  const inventory = await loadInventory([tempTree({ 'a.yaml': yaml })]);
  assert.deepEqual(inventory.errors, []);
  const object = inventory.objects.find((o) => o.name === 'anchors')!;
  assert.deepEqual(object.annotations, { app: 'web', extra: 'on' });
  // YAML 1.1, as go-yaml reads it: `yes` is a boolean.
  assert.deepEqual(object.raw['data'], { enabled: true });
});

test('a file over the size limit is skipped with the limit named; the limit is configurable', async () => {
  const root = tempTree({
    'big.yaml': configMap('big', 'default', `blob: "${'x'.repeat(5000)}"`),
    'ok.yaml': configMap('ok'),
  });
  const inventory = await loadInventory([root], { limits: { maxFileBytes: 4096 } });
  assert.deepEqual(names(inventory), ['ConfigMap/ok']);
  assert.match(
    inventory.errors[0]!.message,
    /^file is \d+ bytes, over the 4096-byte limit \(--max-file-size\); skipped$/,
  );
  const cli = runCli(['scan', root, '--max-file-size', '4KB', '--format', 'json']);
  assert.equal(cli.status, 2);
  assert.equal(parseValidReport(cli.stdout).errors.length, 1);
  assert.equal((await loadInventory([root])).errors.length, 0);
});

test('deep nesting in YAML and JSON is refused, not a crash', async () => {
  const depth = 100_000;
  const root = tempTree({
    'deep.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${'['.repeat(depth)}${']'.repeat(depth)}\n`,
    'deep.json': `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deepjson"},"data":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    'moderate.json': `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"moderate"},"data":${'{"a":'.repeat(300)}1${'}'.repeat(300)}}`,
    'ok.yaml': configMap('ok'),
  });
  const inventory = await loadInventory([root]);
  assert.deepEqual(names(inventory), ['ConfigMap/ok']);
  assert.equal(inventory.errors.length, 3);
  for (const error of inventory.errors) assert.match(error.message, /nest|deep|call stack/i);
});

test('exit code 2 comes after the full report is written', () => {
  const root = tempTree({ 'bad.yaml': 'kind: [', 'ok.yaml': configMap('ok') });
  const result = runCli(['scan', root, '--format', 'json']);
  assert.equal(result.status, 2);
  const report = parseValidReport(result.stdout);
  assert.equal(report.inputs[0]!.objects, 1);
  assert.equal(report.errors.length, 1);
  assert.match(report.errors[0]!.source, /bad\.yaml:1$/);
});
