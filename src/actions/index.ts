import type { ActionDefinition } from './types.js';
import { fileRename } from './file-rename.js';
import { fileWrite } from './file-write.js';

/** Every action type. Adding one: a file in this folder, and a line here. */
export const actionTypes: ActionDefinition[] = [fileWrite, fileRename];
