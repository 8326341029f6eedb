import type { CheckDefinition } from './types.js';
import { fileExists } from './file-exists.js';
import { composeUp } from './compose-up.js';
import { composePortsAnswer } from './compose-ports-answer.js';
import { composeRunWhileServing } from './compose-run-while-serving.js';
import { composeDown } from './compose-down.js';

/** Every check type. Adding one: a file in this folder, and a line here. */
export const checkTypes: CheckDefinition[] = [fileExists, composeUp, composePortsAnswer, composeRunWhileServing, composeDown];
