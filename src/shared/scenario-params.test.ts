// The scenario-param checker against the harness itself: a table of edge cases goes through
// stress.Param.Check in a real Go binary (test/fixtures/go/paramcheck) and through paramProblem;
// both must accept the same values and refuse the others with the same words.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogParam } from './results';
import { acceptedValues, goTrimSpace, paramInForce, paramProblem, unknownParamProblem } from './scenario-params';

const FIXTURE = resolve(__dirname, '../../test/fixtures/go/paramcheck');

const int: CatalogParam = { name: 'hogs', type: 'int', default: '1', min: '1', max: '64' };
const float: CatalogParam = { name: 'ratio', type: 'float', default: '0.5', min: '0', max: '1' };
const duration: CatalogParam = { name: 'work', type: 'duration', default: '1ms', min: '1us', max: '1s' };
const bool: CatalogParam = { name: 'locked', type: 'bool', default: 'false' };
const choice: CatalogParam = { name: 'mode', type: 'enum', default: 'a', choices: ['a', 'b'] };
const text: CatalogParam = { name: 'label', type: 'string', default: '' };
const unbounded: CatalogParam = { name: 'n', type: 'int', default: '0' };
const atLeast: CatalogParam = { name: 'gap', type: 'duration', default: '1s', min: '0s' };

const CASES: [CatalogParam, string[]][] = [
  [int, ['5', ' 5 ', '\t5\n', '+5', '-5', '0', '1', '64', '65', '1.5', '5_0', '', ' ', '0x10', '1e2', '٣', '\u00a05', '5\u0085', '\ufeff5', '\u20035\u3000']],
  [unbounded, ['9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809', '007']],
  [float, ['0.5', '.5', '5.', '+0.5', '1e-3', '1E0', ' 0.25 ', '1', '1.5', '-0', '-0.1', 'inf', 'NaN', '+Inf', '1e400', '1e-400', '0x1p-2', '0x.8p0', '0x1', '0x1p2', '1_0', '0.1_5', '1__0', '_1', '1_', '0x_1p-4', '1e1_0', '', 'abc', '.', '1e', '0.5x']],
  [duration, ['10ms', ' 10ms ', '1us', '1µs', '1μs', '999ns', '0', '0s', '.5s', '5.s', '1.5ms', '1h', '-1ms', '+10ms', '10', '10 ms', 'ms', '1e3ms', '1s1ms', '1.0000000001s', '1s500ms', '.s', '1.5.5s', '', '9223372036s', '99999999999999999999ns']],
  [atLeast, ['0', '-1ns', '2562047h']],
  [bool, ['true', 'True', 'TRUE', 'tRue', '1', '0', 't', 'T', 'f', 'F', 'FALSE', 'yes', ' true', 'true ', '']],
  [choice, ['a', 'b', ' a', 'A', 'c', '']],
  [text, ['anything at all', '', ' ']],
];

let dir: string;
let binary: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gmpw-paramcheck-'));
  binary = join(dir, 'paramcheck');
  execFileSync('go', ['build', '-o', binary, '.'], { cwd: FIXTURE, stdio: 'pipe' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('paramProblem', () => {
  it('gives the harness\'s answer, in its words, for every value of the table', () => {
    const cases = CASES.flatMap(([param, values]) => values.map((value) => ({ param, value })));
    const answers: string[] = JSON.parse(execFileSync(binary, { input: JSON.stringify(cases), encoding: 'utf8' }));
    expect(answers).toHaveLength(cases.length);
    const ours = cases.map(({ param, value }) => {
      const problem = paramProblem(param, value);
      return problem === null ? '' : `${param.name}: ${problem}`;
    });
    const disagreements = cases.flatMap((c, i) => (ours[i] === answers[i] ? [] : [{ type: c.param.type, value: c.value, go: answers[i], ours: ours[i] }]));
    expect(disagreements).toEqual([]);
    // The table must hold both verdicts for every type that has a wrong value, or it proves little.
    const accepted = answers.filter((a) => a === '').length;
    expect(accepted).toBeGreaterThan(30);
    expect(cases.length - accepted).toBeGreaterThan(30);
  });

  it('answers locked=1 the way the harness does: a bool', () => {
    expect(paramProblem(bool, '1')).toBeNull();
    expect(paramProblem(int, ' 5 ')).toBeNull();
    expect(paramProblem(bool, ' true')).toBe('" true" is not a bool (accepted: true or false)');
  });
});

describe('the words around it', () => {
  it('says what a parameter accepts and which parameters a scenario has', () => {
    expect(acceptedValues(int)).toBe('int 1..64');
    expect(acceptedValues(atLeast)).toBe('duration ≥ 0s');
    expect(acceptedValues({ ...unbounded, max: '9' })).toBe('int ≤ 9');
    expect(unknownParamProblem([int, bool])).toBe('unknown parameter (accepted: hogs, locked)');
    expect(unknownParamProblem([])).toBe('unknown parameter (accepted: none, this scenario has no parameters)');
  });

  it('trims Go\'s white space, which is not JavaScript\'s', () => {
    expect(goTrimSpace('\u0085 x\u3000')).toBe('x');
    expect(goTrimSpace('\ufeffx')).toBe('\ufeffx');
  });
});

describe('paramInForce', () => {
  it('keeps a number as the harness checks and runs it, trimmed of Go white space; anything else as given', () => {
    const param = (type: 'int' | 'float' | 'duration' | 'string' | 'bool') => ({ name: 'x', type, default: '' }) as never;
    expect(['int', 'float', 'duration'].map((type) => paramInForce(param(type as 'int'), '\u00a05 \t'))).toEqual(['5', '5', '5']);
    expect(paramInForce(param('string'), ' keep me ')).toBe(' keep me ');
    expect(paramInForce(param('bool'), ' true')).toBe(' true');
  });
});
