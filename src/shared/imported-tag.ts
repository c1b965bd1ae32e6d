// The tag every imported run carries (runs.import adds it), on its own so that any shared module can
// tell an import apart without importing what imported.ts imports.
export const IMPORTED_TAG = 'imported';
