// What a tag may be, alike for a plan's tags, runs.setTags and runs.import, so the New run form,
// the Runs page's tag editor and gmpw give one answer in one wording. A tag is a short word shown in
// lists and matched by filters: plain text, and never a spelling of the workbench's own tag.
import { z } from 'zod';
import { IMPORTED_TAG, RESERVED_TAG_MESSAGE } from './imported-tag';

/** Characters in one tag. */
export const MAX_TAG_LENGTH = 64;
/** Tags on one run: a handful tells runs apart; hundreds would be data that belongs in the label. */
export const MAX_TAGS = 64;

/**
 * Whether a tag is the reserved one in some spelling ("Imported", " imported "): shown in a list
 * or read by a person it passes for the tag that marks an import, so it is refused as that tag is.
 */
export const isReservedTag = (tag: string): boolean => tag.normalize('NFKC').trim().toLowerCase() === IMPORTED_TAG;

/** Characters that change how the text around them is shown: C0 and C1 controls, DEL, and the bidi controls. */
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** "U+202E": a character as its code point is named. */
const codePoint = (c: string): string => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why a tag is refused, or null; the exact reserved tag is left to the caller, which knows whether the run is an import. */
export function tagProblem(tag: string): string | null {
  const hidden = HIDDEN.exec(tag)?.[0];
  if (hidden !== undefined) {
    const kind = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(hidden) ? 'a bidi control, which reorders the text around it' : 'a control character';
    return `holds ${codePoint(hidden)}, ${kind}: a tag is plain text`;
  }
  if (tag !== IMPORTED_TAG && isReservedTag(tag)) return RESERVED_TAG_MESSAGE;
  return null;
}

export const Tag = z
  .string()
  .min(1)
  .max(MAX_TAG_LENGTH)
  .superRefine((tag, ctx) => {
    const problem = tagProblem(tag);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const Tags = z.array(Tag).max(MAX_TAGS, `at most ${MAX_TAGS} tags`);
