import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout, mutated, unicodeText } from '@iwa/testing/fuzz';
import { StudyIssue } from './issues.ts';
import { StudyManifest } from './model.ts';
import { parseStudyYaml, type StudyYamlResult } from './study-yaml.ts';

/*
 * study.yaml reader under random and mutated input: it never throws, and gives either a manifest
 * that satisfies the schema or located issues. Hostile YAML is bounded by the reader's limits
 * (at most 100 aliases, nesting), which the last tests see fire by their issues; nothing here
 * times the reader (speed goals live in `pnpm bench`; the test timeout only catches a hang).
 */

const DEMO = readFileSync(new URL('../test/fixtures/ips-demo/study.yaml', import.meta.url), 'utf8');

function checkResult(res: StudyYamlResult): void {
  if (res.ok) {
    expect(StudyManifest.safeParse(res.value.manifest).success).toBe(true);
    for (const w of res.warnings) expect(StudyIssue.safeParse(w).success).toBe(true);
  } else {
    expect(res.errors.length).toBeGreaterThan(0);
    for (const e of res.errors) {
      expect(StudyIssue.safeParse(e).error).toBeUndefined();
      expect(e.severity).toBe('error');
    }
  }
}

describe('parseStudyYaml under fuzzing', () => {
  it('reads the demo study.yaml', () => {
    const res = parseStudyYaml(DEMO);
    expect(res.ok).toBe(true);
    checkResult(res);
  });

  it(
    'random text: a manifest or issues, never an exception',
    () => {
      fc.assert(
        fc.property(fc.oneof(unicodeText({ loneSurrogates: true }), fc.string()), (text) => {
          checkResult(parseStudyYaml(text));
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(5),
  );

  it(
    'random YAML values (any JSON shape): a manifest or issues',
    () => {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
          checkResult(parseStudyYaml(JSON.stringify(value)));
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(5),
  );

  it(
    'mutations of the demo study.yaml: a manifest or located issues',
    () => {
      fc.assert(
        fc.property(
          mutated(DEMO, ['informants:', 'position: ', 'id: M07', '&x ', '*x', '<<: *x', 'M07']),
          (text) => {
            checkResult(parseStudyYaml(text));
          },
        ),
        fuzzParams(),
      );
    },
    fuzzTimeout(10),
  );

  it('refuses YAML alias bombs (billion laughs) with an issue, without expanding them', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const res = parseStudyYaml(lines.join('\n'));
    expect(res.ok).toBe(false);
    checkResult(res);
    if (!res.ok) expect(res.errors[0]?.code).toBe('invalid_yaml');
    // refused by the alias limit, before anything was expanded
    if (!res.ok) expect(res.errors[0]?.message).toContain('aliases');
  });

  it(
    'refuses deeply nested YAML with an issue, not a stack overflow',
    () => {
      for (const text of ['['.repeat(100_000), '{a: '.repeat(100_000), '- '.repeat(20_000)]) {
        const res = parseStudyYaml(text);
        expect(res.ok).toBe(false);
        checkResult(res);
      }
    },
    // a hang guard, not a speed goal: 100 000 open brackets take the YAML parser seconds on a
    // loaded machine before it runs out of stack
    60_000,
  );
});
