import fc from 'fast-check';

/*
 * Settings shared by every *.fuzz.test.ts file (study, refi, analysis, cli). `pnpm test` runs a bounded number
 * of cases (FUZZ_RUNS, default 100); `pnpm fuzz` runs 10 000 (see vitest.fuzz.config.ts).
 * FUZZ_SEED replays a failing run: fast-check prints the seed and path of every failure.
 *
 * No property here reads the clock: a hang still fails on the test's timeout (fuzzTimeout), and
 * speed goals live in `pnpm bench`, where a loaded machine cannot turn them into flaky tests.
 */

// eslint-disable-next-line no-restricted-properties -- test harness settings, like the Neo4j globalSetup
const runs = Number.parseInt(process.env.FUZZ_RUNS ?? '', 10);
/** Cases per property. */
export const FUZZ_RUNS = Number.isFinite(runs) && runs > 0 ? runs : 100;
// eslint-disable-next-line no-restricted-properties -- test harness settings, like the Neo4j globalSetup
const seed = Number.parseInt(process.env.FUZZ_SEED ?? '', 10);

/** fast-check parameters: `FUZZ_RUNS` cases (or a share of them), the seed when one is given. */
export function fuzzParams(share = 1): fc.Parameters<unknown> {
  return {
    numRuns: Math.max(1, Math.round(FUZZ_RUNS * share)),
    ...(Number.isFinite(seed) ? { seed } : {}),
  };
}

/** A vitest timeout for a property whose cases take up to `perRunMs` each. */
export function fuzzTimeout(perRunMs: number, share = 1): number {
  return 20_000 + Math.round(FUZZ_RUNS * share) * perRunMs;
}

/** Text that exercises offsets: ASCII, Latin-1, BMP, astral (emoji, math), CR, LF, CRLF, lone surrogates. */
export function unicodeText(options: { maxLength?: number; loneSurrogates?: boolean } = {}) {
  const pieces = [
    fc.string({ unit: 'grapheme-ascii', maxLength: 8 }),
    fc.constantFrom('\n', '\r\n', '\r', ' ', ': ', 'æøå', 'é', 'e\u0301', '\uFEFF', '\t'),
    fc.constantFrom('🙂', '𝔘', '👩🏽‍⚕️', '🚀', '\u{10FFFF}', '\u{1F600}'),
    fc.string({ unit: 'binary', maxLength: 4 }),
    ...(options.loneSurrogates ? [fc.constantFrom('\uD83D', '\uDE00', '\uDC00\uD800')] : []),
  ];
  return fc
    .array(fc.oneof(...pieces), { maxLength: options.maxLength ?? 40 })
    .map((parts) => parts.join(''));
}

/**
 * Structure-aware mutations of a valid text: delete, duplicate or replace a slice, insert
 * random or hostile snippets, swap two lines, truncate. Applied 1–4 times.
 */
export function mutated(valid: string, snippets: readonly string[] = []) {
  const snippet = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.constantFrom(
      '\n',
      ':',
      ': ',
      '- ',
      '  ',
      '"',
      "'",
      '#',
      '&a',
      '*a',
      '{',
      '[',
      ',',
      ';',
      '---\n',
      '\r\n',
      '🙂',
      '\uD83D',
      '\u0000',
      '-1',
      '99999999999',
      'null',
      '~',
      ...snippets,
    ),
  );
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat(40) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: snippet }),
    fc.record({
      kind: fc.constant('replace' as const),
      at: fc.nat(),
      length: fc.nat(8),
      text: snippet,
    }),
    fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.nat(200) }),
    fc.record({ kind: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  );
  return fc.array(mutation, { minLength: 1, maxLength: 4 }).map((ms) => {
    let s = valid;
    for (const m of ms) {
      switch (m.kind) {
        case 'delete': {
          const at = m.at % (s.length + 1);
          s = s.slice(0, at) + s.slice(at + m.length);
          break;
        }
        case 'insert': {
          const at = m.at % (s.length + 1);
          s = s.slice(0, at) + m.text + s.slice(at);
          break;
        }
        case 'replace': {
          const at = m.at % (s.length + 1);
          s = s.slice(0, at) + m.text + s.slice(at + m.length);
          break;
        }
        case 'duplicate': {
          const at = m.at % (s.length + 1);
          s = s.slice(0, at + m.length) + s.slice(at, at + m.length) + s.slice(at + m.length);
          break;
        }
        case 'swapLines': {
          const lines = s.split('\n');
          const a = m.a % lines.length;
          const b = m.b % lines.length;
          [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
          s = lines.join('\n');
          break;
        }
        case 'truncate':
          s = s.slice(0, m.at % (s.length + 1));
          break;
      }
    }
    return s;
  });
}
