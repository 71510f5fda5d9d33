import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIwa } from './run-cli.ts';

const temp = mkdtempSync(join(tmpdir(), 'iwa-codebook-cli-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const fixtures = new URL('../../../packages/refi/test/fixtures/qdc/', import.meta.url);
const fixture = (name: string) => new URL(name, fixtures).pathname;

describe('iwa codebook', { timeout: 60_000 }, () => {
  it('exports the frameworks as a .qdc (UTF-8, no BOM), the same bytes every time, and imports it back', () => {
    const first = join(temp, 'frameworks.qdc');
    const second = join(temp, 'again.qdc');
    const result = runIwa(['codebook', 'export', '--out', first]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'Wrote 35 codes (28 codable, 7 folders) of "Institutional work frameworks" version 1.0.0',
    );
    expect(runIwa(['codebook', 'export', '--out', second]).status).toBe(0);
    const bytes = readFileSync(first);
    expect(bytes.equals(readFileSync(second))).toBe(true);
    expect(bytes.subarray(0, 5).toString('utf8')).toBe('<?xml');
    expect(runIwa(['codebook', 'export']).stdout).toBe(bytes.toString('utf8'));

    const back = runIwa(['codebook', 'import', first, '--json']);
    expect(back.status).toBe(0);
    const report = JSON.parse(back.stdout) as {
      codebook: { codes: unknown[]; frameworks: string[] };
      studyCodes: string[];
      mapping: { matchedBy: string; origin: string }[];
      warnings: unknown[];
    };
    expect(report.codebook.codes).toHaveLength(35);
    expect(report.codebook.frameworks).toEqual(['form', 'purpose', 'lns', 'pillar']);
    expect(report.studyCodes).toEqual([]);
    expect(report.mapping.every((m) => m.matchedBy === 'guid' && m.origin === 'framework')).toBe(
      true,
    );
    expect(report.warnings).toEqual([]);
  });

  it('prints what it found in another tool’s codebook: hierarchy, mapping, study codes, warnings', () => {
    const result = runIwa(['codebook', 'import', fixture('nvivo-mac-namespace-1-0.qdc')]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'a REFI-QDA codebook (urn:QDA-XML:codebook:1:0) from "NVivo 12 Mac"',
    );
    // "Structural work" in the project's own folder is named like Cloutier's code: kept as the
    // project's code, never merged by name, and the summary says how to make it the framework's
    expect(result.stdout).toContain(
      'Codebook "nvivo-mac-namespace-1-0" version 1.0.0: 5 codes in the file, 0 framework codes, 5 study codes',
    );
    expect(result.stdout).toMatch(
      /^ {4}Structural work +→ code\.structural_work {2}\(study, new key; line 5\)$/m,
    );
    expect(result.stdout).toContain(
      'Became study codes: code.institutional_work, code.structural_work, code.relational, code.steering_group_meetings, code.resistance_encountered',
    );
    expect(result.stdout).toContain(
      'line 5: "Structural work" has the name of the framework code form.structural but not its path (Forms of work (Cloutier et al. 2015) › Structural work)',
    );
  });

  it('exits 2 with the file, line and element on invalid input, and writes nothing', () => {
    const invalid = runIwa(['codebook', 'import', fixture('invalid-code-without-name.qdc')]);
    expect(invalid.status).toBe(2);
    expect(invalid.stdout).toBe('');
    expect(invalid.stderr).toContain(
      'invalid-code-without-name.qdc: line 6: <Code> has no name (CodeBook/Codes[1]/Code[1]/Code[1])',
    );
    const broken = join(temp, 'broken.qdc');
    writeFileSync(broken, '<CodeBook><Codes>\n<Code name="x">\n</CodeBook>');
    const notXml = runIwa(['codebook', 'import', broken]);
    expect(notXml.status).toBe(2);
    expect(notXml.stderr).toMatch(/broken\.qdc: line 3: not well-formed XML/);
    const missing = runIwa(['codebook', 'import', join(temp, 'nope.qdc')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot read');
  });
});
