/**
 * Scripts inlined into the HTML report and the CSP hashes that allow exactly them: the page fetches nothing, so
 * the graph library (cytoscape, an npm dependency) is read from node_modules at render time and written in.
 */

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The CSP source expression for an inline script: the SHA-256 of its exact text, base64 (CSP Level 2). */
export function scriptHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Whether text can sit inside a <script> element as it is: nothing that would end it or open an HTML comment. */
export function isInlineSafe(text: string): boolean {
  return !/<\/script|<!--/i.test(text);
}

let cytoscape: string | undefined;

/**
 * The minified cytoscape build (its licence header included), resolved the way Node resolves the package: from the
 * repository's node_modules in development, from the installing project's when chokepoint is a dependency.
 */
export function cytoscapeSource(): string {
  if (cytoscape === undefined) {
    const file = createRequire(import.meta.url).resolve('cytoscape/dist/cytoscape.min.js');
    const text = readFileSync(file, 'utf8');
    if (!isInlineSafe(text)) throw new Error(`${file} cannot be inlined into a <script> element`);
    cytoscape = text;
  }
  return cytoscape;
}
