import { HOST_CASES } from './cases/host.js';
import { runTable } from './table.js';

runTable(HOST_CASES);
