import { apk } from './apk.js';
import { cargo } from './cargo.js';
import { dpkg } from './dpkg.js';
import { gem } from './gem.js';
import { go } from './go.js';
import { java } from './java.js';
import { npm } from './npm.js';
import { python } from './python.js';
import { rpm } from './rpm.js';
import type { Cataloger } from './types.js';

export type { Cataloger, CatalogFile, CatalogResult, FoundPackage } from './types.js';

/** Every cataloger; adding one is adding a file and a line here (DESIGN.md §3). */
export const catalogers: readonly Cataloger[] = [dpkg, apk, rpm, npm, python, go, java, gem, cargo];
