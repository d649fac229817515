import { SECRETS_CASES } from './cases/secrets.js';
import { runTable } from './table.js';

runTable(SECRETS_CASES);
