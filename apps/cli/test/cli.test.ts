import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram, programFor } from '../src/cli.ts';
import { COMMANDS } from '../src/command-manifest.ts';
import { runIwa } from './run-cli.ts';

const temp = mkdtempSync(join(tmpdir(), 'iwa-cli-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('iwa (no database needed)', () => {
  it('prints its version and help', () => {
    const version = runIwa(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = runIwa(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: iwa');
    expect(help.stdout).toContain('db');
  });

  it('exits 2 on an unknown command', () => {
    const result = runIwa(['frobnicate']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown command 'frobnicate'");
  });

  it('without Java, says what to install (or NEO4J_URI) and exits non-zero', () => {
    // a PATH that holds node and nothing else
    const onlyNode = mkdtempSync(join(temp, 'path-'));
    symlinkSync(process.execPath, join(onlyNode, 'node'));
    const result = runIwa(['start'], { env: { PATH: onlyNode, IWA_DATA_DIR: join(temp, 'data') } });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('Java was not found');
    expect(result.stderr).toContain('set NEO4J_URI to an existing Neo4j 5');
  });

  it('rejects an invalid NEO4J_URI with exit code 2', () => {
    const result = runIwa(['db', 'status'], { env: { NEO4J_URI: 'http://localhost:7474' } });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('NEO4J_URI must be a bolt://');
  });

  it('rejects IWA_NEO4J_JAVA_OPTS with a word that is not a JVM option, exit code 2', () => {
    const result = runIwa(['db', 'start'], {
      env: { IWA_DATA_DIR: join(temp, 'opts'), IWA_NEO4J_JAVA_OPTS: '-Xss2m TieredStopAtLevel=1' },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('IWA_NEO4J_JAVA_OPTS: JVM options separated by spaces');
  });
});

describe('iwa loads only the command that runs', () => {
  const ctx = {
    out: { print: () => {}, info: () => {}, debug: () => {}, error: () => {} },
    setExitCode: () => {},
  };

  it('lists every command in --help exactly as the fully loaded program does', async () => {
    const full = await buildProgram(ctx);
    const lazy = await programFor(ctx, ['--help']);
    expect(lazy.helpInformation()).toBe(full.helpInformation());
    // and a program loaded for one command lists the others the same way
    expect((await programFor(ctx, ['phase', 'show'])).helpInformation()).toBe(
      full.helpInformation(),
    );
    expect(Object.keys(COMMANDS).sort()).toEqual(full.commands.map((c) => c.name()).sort());
  });
});
