// Action and check schemas are built from the zod API that the validating code provides
// (src/engine/zod-api.ts); tests call `.schema.parse` directly, so they provide it up front.
import '../../src/engine/zod-loaded.js';
