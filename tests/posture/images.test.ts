import { IMAGES_CASES } from './cases/images.js';
import { runTable } from './table.js';

runTable(IMAGES_CASES);
