import { NETWORK_CASES } from './cases/network.js';
import { runTable } from './table.js';

runTable(NETWORK_CASES);
