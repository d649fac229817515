import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlFile } from '../../src/inventory/parse-yaml.js';
import { DEFAULT_LIMITS } from '../../src/inventory/limits.js';

function valueOf(yaml: string): unknown {
  const parsed = parseYamlFile(yaml, DEFAULT_LIMITS);
  assert.deepEqual(parsed.errors, []);
  return parsed.documents[0]!.value;
}

test('scalars resolve as go-yaml (YAML 1.1) resolves them for Kubernetes, so `privileged: yes` is privileged', () => {
  assert.deepEqual(
    valueOf(
      'privileged: yes\nreadOnly: off\nallow: Y\nmode: 0644\nbits: 0b101\nbig: 1_000\ntime: 1:20\ndate: 2001-12-14\nflag: "yes"\n',
    ),
    {
      privileged: true,
      readOnly: false,
      allow: true,
      mode: 420,
      bits: 5,
      big: 1000,
      time: '1:20',
      date: '2001-12-14',
      flag: 'yes',
    },
  );
});

test('documents split at --- lines as kubectl splits them; an unclosed quote stays in its document', () => {
  const parsed = parseYamlFile('a: 1\n--- # comment\nb: "x\n---\nc: 3\n---   \nd: 4\n', DEFAULT_LIMITS);
  assert.deepEqual(
    parsed.documents.map((d) => [d.index, d.line, d.value]),
    [
      [0, 1, { a: 1 }],
      [2, 5, { c: 3 }],
      [3, 7, { d: 4 }],
    ],
  );
  assert.deepEqual(
    parsed.errors.map((e) => [e.index, e.line]),
    [[1, 3]],
  );
});

test('a separator with text after it is an error, as kubectl refuses it', () => {
  const parsed = parseYamlFile('a: 1\n--- b: 2\n', DEFAULT_LIMITS);
  assert.equal(parsed.documents.length, 0);
  assert.equal(parsed.errors.length, 1);
  assert.match(parsed.errors[0]!.message, /^invalid YAML: /);
});
