/** Importing this loads zod and hands it to the schema factories (see zod-api.ts). */
import { z } from 'zod';
import { provideZod } from './zod-api.js';

provideZod(z);

export { z };
