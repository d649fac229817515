import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { itemStartOffsets, parseJsonFile } from '../../src/inventory/parse-json.js';

/** Reference: serialise the list compactly piece by piece, noting where each item begins. */
function compactWithOffsets(items: unknown[], before: string): { text: string; offsets: number[] } {
  let text = `{${before}"items":[`;
  const offsets: number[] = [];
  items.forEach((item, i) => {
    if (i > 0) text += ',';
    offsets.push(text.length);
    text += JSON.stringify(item);
  });
  return { text: `${text}]}`, offsets };
}

const item = fc.record({
  kind: fc.string(),
  metadata: fc.record({ name: fc.string(), labels: fc.dictionary(fc.string(), fc.string()) }),
  items: fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxLength: 3 }),
});

test('item offsets are found in compact JSON, whatever the strings hold (escapes, quotes, brackets)', () => {
  fc.assert(
    fc.property(
      fc.array(item, { maxLength: 8 }),
      fc.constantFrom('', '"kind":"items",', '"x":{"items":[1]},'),
      (items, before) => {
        const { text, offsets } = compactWithOffsets(items, before);
        assert.deepEqual(itemStartOffsets(text, items.length), offsets);
      },
    ),
  );
});

test('item lines of pretty-printed lists (kubectl indents 4, JSON.stringify 2) point at each item', () => {
  fc.assert(
    fc.property(fc.array(item, { minLength: 1, maxLength: 6 }), fc.constantFrom(2, 4), (items, indent) => {
      const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, indent);
      const parsed = parseJsonFile(text);
      const lines = text.split('\n');
      const itemLines = parsed.documents[0]!.itemLines!;
      assert.equal(itemLines.length, items.length);
      for (const line of itemLines) assert.equal(lines[line - 1]!.trim(), '{');
      // Each item's line is one after the previous item's last line.
      let expected = 5;
      items.forEach((value, i) => {
        assert.equal(itemLines[i], expected);
        expected += JSON.stringify(value, null, indent).split('\n').length;
      });
    }),
  );
});
