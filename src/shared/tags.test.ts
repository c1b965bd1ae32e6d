import { describe, expect, it } from 'vitest';
import { commands } from './contract';
import { RESERVED_TAG_MESSAGE } from './imported-tag';
import { Label, isReservedTag, Tags, tagProblem } from './tags';

describe('tagProblem', () => {
  it('takes a spelling of the import tag for that tag, leaving the tag itself to the caller', () => {
    for (const tag of ['Imported', ' imported ', 'IMPORTED\u00a0', 'ｉｍｐｏｒｔｅｄ']) expect(tagProblem(tag), tag).toBe(RESERVED_TAG_MESSAGE);
    expect(tagProblem('imported')).toBeNull();
    expect(isReservedTag('imported')).toBe(true);
    expect(tagProblem('imports')).toBeNull();
  });

  it('names the first control or bidi character by its code point', () => {
    expect(tagProblem('a\u0007b')).toBe('holds U+0007, a control character: a tag is plain text');
    expect(tagProblem('x\u009b')).toBe('holds U+009B, a control character: a tag is plain text');
    for (const c of ['\u200e', '\u200f', '\u202a', '\u202e', '\u2066', '\u2069']) {
      expect(tagProblem(`fast${c}`)).toBe(`holds U+${c.codePointAt(0)!.toString(16).toUpperCase()}, a bidi control, which reorders the text around it: a tag is plain text`);
    }
    expect(tagProblem('émoji 🚀')).toBeNull();
  });

  it('refuses every format character (Unicode Cf), so that none hides in a tag or in a spelling of the import tag', () => {
    const plain = ': a tag is plain text';
    expect(tagProblem('imp\u200Borted')).toBe(`holds U+200B, an invisible format character${plain}`);
    expect(tagProblem('imported\u200B')).toBe(`holds U+200B, an invisible format character${plain}`);
    expect(tagProblem('\u00ADimported')).toBe(`holds U+00AD, an invisible format character${plain}`);
    expect(tagProblem('a\u061Cb')).toBe(`holds U+061C, a bidi control, which reorders the text around it${plain}`);
    for (const c of ['\u200c', '\u2060', '\ufeff', '\u{e0041}']) expect(tagProblem(`a${c}b`), c).toBe(`holds U+${c.codePointAt(0)!.toString(16).toUpperCase()}, an invisible format character${plain}`);
    // A zero-width joiner is refused unless it joins two emoji into one.
    expect(tagProblem('imp\u200Dorted')).toBe(`holds U+200D, an invisible format character${plain}`);
    expect(tagProblem('🚀\u200D')).toBe(`holds U+200D, an invisible format character${plain}`);
    for (const emoji of ['👩\u200D💻', '🏳\uFE0F\u200D🌈', '👍🏽\u200D👍', 'on call 🧑\u200D🚒']) expect(tagProblem(emoji), emoji).toBeNull();
  });
});

describe('Tags', () => {
  it('holds at most 64 tags of 1 to 64 characters', () => {
    expect(Tags.safeParse(Array.from({ length: 64 }, (_, i) => `t${i}`)).success).toBe(true);
    expect(Tags.safeParse(Array.from({ length: 65 }, (_, i) => `t${i}`)).error?.issues[0]?.message).toBe('at most 64 tags');
    expect(Tags.safeParse(['x'.repeat(65)]).success).toBe(false);
    expect(Tags.safeParse(['']).success).toBe(false);
  });

  it('leaves an import one place for the tag it is given', () => {
    const tags = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);
    expect(commands['runs.import'].input.safeParse({ files: ['trace.out'], tags: tags(63) }).success).toBe(true);
    expect(commands['runs.import'].input.safeParse({ files: ['trace.out'], tags: tags(64) }).error?.issues[0]?.message).toBe("at most 63 tags (the 64th is 'imported', which every import carries)");
  });
});

describe('Label', () => {
  it('takes a line of plain text, emoji and spaces included, up to 200 characters', () => {
    expect(Label.safeParse('baseline: GOMAXPROCS 4, after the fix 👩‍💻').success).toBe(true);
    expect(Label.safeParse('x'.repeat(200)).success).toBe(true);
    expect(Label.safeParse('x'.repeat(201)).success).toBe(false);
  });

  it('refuses control and bidi characters, which broke the lines and columns of the lists', () => {
    expect(Label.safeParse('a\nb').error?.issues[0]?.message).toBe('holds U+000A, a control character: a label is plain text');
    expect(Label.safeParse('fast \u202Ewols').error?.issues[0]?.message).toBe('holds U+202E, a bidi control, which reorders the text around it: a label is plain text');
  });
});
