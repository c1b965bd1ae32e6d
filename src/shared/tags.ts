// What a tag and a label may be, alike for a plan's, runs.setTags, runs.setLabel and runs.import,
// so the New run form, the Runs page's editors and gmpw give one answer in one wording. A tag is a
// short word shown in lists and matched by filters: plain text, and never a spelling of the
// workbench's own tag. A label is a line of plain text.
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

/**
 * Characters that are not plain text: controls (Unicode category Cc: C0, DEL, C1) and format
 * characters (Cf: the bidi controls, which reorder the text around them, zero-width spaces and
 * joiners, the soft hyphen, the byte-order mark …), which show as nothing or change how the text
 * around them is shown, so that 'imp\u200Borted' would pass for 'imported'.
 */
const NOT_PLAIN = /[\p{Cc}\p{Cf}]/gu;

/**
 * A zero-width joiner between two emoji (👩‍💻: the first may carry its variation selector or skin
 * tone) is part of one emoji, not hidden text, and is the one format character a tag may hold.
 */
const joinsEmoji = (tag: string, at: number): boolean =>
  tag[at] === '\u200d' && /\p{Extended_Pictographic}[\u{FE0F}\p{Emoji_Modifier}]?$/u.test(tag.slice(0, at)) && /^\p{Extended_Pictographic}/u.test(tag.slice(at + 1));

/** "U+202E": a character as its code point is named. */
const codePoint = (c: string): string => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** What kind of character NOT_PLAIN found, for the message. */
function kindOf(c: string): string {
  if (/\p{Cc}/u.test(c)) return 'a control character';
  if (/\p{Bidi_Control}/u.test(c)) return 'a bidi control, which reorders the text around it';
  return 'an invisible format character';
}

/** Why a text shown in lists and terminals (`what`: "a tag", "a label") is not plain text, or null. */
function notPlainText(text: string, what: string): string | null {
  for (const m of text.matchAll(NOT_PLAIN)) {
    if (!joinsEmoji(text, m.index)) return `holds ${codePoint(m[0])}, ${kindOf(m[0])}: ${what} is plain text`;
  }
  return null;
}

/** Why a tag is refused, or null; the exact reserved tag is left to the caller, which knows whether the run is an import. */
export function tagProblem(tag: string): string | null {
  const problem = notPlainText(tag, 'a tag');
  if (problem) return problem;
  if (tag !== IMPORTED_TAG && isReservedTag(tag)) return RESERVED_TAG_MESSAGE;
  return null;
}

/** The longest label a run takes, in characters. */
export const MAX_LABEL = 200;

/** A run's label: a line of plain text (a U+202E in it turned the lists' columns around). */
export const Label = z
  .string()
  .max(MAX_LABEL)
  .superRefine((label, ctx) => {
    const problem = notPlainText(label, 'a label');
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const Tag = z
  .string()
  .min(1)
  .max(MAX_TAG_LENGTH)
  .superRefine((tag, ctx) => {
    const problem = tagProblem(tag);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const Tags = z.array(Tag).max(MAX_TAGS, `at most ${MAX_TAGS} tags`);
