import { CLUSTER_CASES } from './cases/cluster.js';
import { runTable } from './table.js';

runTable(CLUSTER_CASES);
