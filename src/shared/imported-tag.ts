// The tag every imported run carries (runs.import adds it), on its own so that any shared module can
// tell an import apart without importing what imported.ts imports.
export const IMPORTED_TAG = 'imported';

/** Why a run made here cannot take the tag, nor an import lose it. */
export const RESERVED_TAG_MESSAGE = `'${IMPORTED_TAG}' is the workbench's own tag for runs imported from files: a run made here cannot take it, nor an import lose it`;
