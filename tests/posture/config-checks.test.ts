import { CONFIG_CASES } from './cases/config.js';
import { runTable } from './table.js';

runTable(CONFIG_CASES);
