import { WORKLOAD_CASES } from './cases/workload.js';
import { runTable } from './table.js';

runTable(WORKLOAD_CASES);
