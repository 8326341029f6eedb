import type { CheckDefinition } from './types.js';
import { fileExists } from './file-exists.js';

/** Every check type. Adding one: a file in this folder, and a line here. */
export const checkTypes: CheckDefinition[] = [fileExists];
