import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listStudies, readStudy } from '@iwa/graph';
import { buildQdpx } from '@iwa/refi';
import { storedZip, writeRefiProject, type RefiProject } from '@iwa/testing/refi-project';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.ts';
import { useCliTestContext } from './cli-test-context.ts';
import { runIwa } from './run-cli.ts';

/*
 * Re-importing a study's own material changes nothing (issue 16, bullet 5). A researcher imports
 * a plain REFI project, exports the study for a colleague, who opens it in another tool and
 * exports it again: that tool drops iwa's extension entry, names the sources after their files
 * (`… .txt`), and gives the project its own name and origin. Importing that copy into the study
 * must find every document by its text, keep the study's name, and change nothing.
 */
const t = useCliTestContext('reimport');
const studyId = t.track(`refi-reimport-${process.pid}`);
let project: RefiProject;

interface Summary {
  created: number;
  changed: number;
  documents: { created: number; changed: number; unchanged: number };
  matchedByText: { sourceId: string; storedId: string }[];
  nameKept?: { stored: string; source: string };
}

async function cliJson(args: string[]): Promise<Summary> {
  const out: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  };
  let code: number;
  try {
    code = await runCli(['--quiet', ...args, '--json']);
  } finally {
    process.stdout.write = write;
  }
  expect(code, `iwa ${args.join(' ')}`).toBe(0);
  return JSON.parse(out.join('')) as Summary;
}

beforeAll(async () => {
  Object.assign(process.env, t.env);
  project = await writeRefiProject();
  const file = join(t.temp, 'project.qdpx');
  writeFileSync(file, project.bytes);
  const first = await cliJson(['study', 'import', file, '--study', studyId]);
  expect(first.documents.created).toBe(4);
}, 300_000);

/** What another tool writes back: no iwa extension, sources named after files, its own name. */
async function peerCopy(): Promise<string> {
  const parts = buildQdpx(await readStudy(t.graph, { studyId }), { origin: 'iwa' });
  const projectXml = parts.projectXml
    .replace(/(<Project [^>]*?)name="[^"]*"/, '$1name="Placement study (shared copy)"')
    .replace(/(<Project [^>]*?)origin="[^"]*"/, '$1origin="QualCoder 3.6"')
    .replace(/(<TextSource [^>]*?name=")([^"]*)"/g, '$1$2.txt"');
  expect(projectXml).not.toBe(parts.projectXml);
  const file = join(t.temp, 'shared copy.qdpx');
  writeFileSync(
    file,
    storedZip({ 'project.qde': projectXml, ...Object.fromEntries(parts.sources) }),
  );
  return file;
}

async function studyName(): Promise<string | undefined> {
  return (await listStudies(t.graph)).find((s) => s.id === studyId)?.name;
}

describe('re-import', () => {
  it("iwa's own export of the study, imported back, changes nothing", async () => {
    const file = join(t.temp, 'export.qdpx');
    const exported = runIwa(['study', 'export', studyId, '--out', file], { env: t.env });
    expect(exported.status, exported.stderr).toBe(0);
    const again = await cliJson(['study', 'import', file, '--study', studyId]);
    expect(again).toMatchObject({
      created: 0,
      changed: 0,
      documents: { created: 0, changed: 0, unchanged: 4 },
      matchedByText: [],
    });
  });

  it("another tool's copy: documents found by their text, the study's name kept, nothing changed", async () => {
    const file = await peerCopy();
    const res = runIwa(['study', 'import', file, '--study', studyId, '--json'], { env: t.env });
    expect(res.status, res.stderr).toBe(0);
    const summary = JSON.parse(res.stdout) as Summary;
    expect(summary).toMatchObject({
      created: 0,
      changed: 0,
      documents: { created: 0, changed: 0, unchanged: 4 },
      nameKept: { stored: 'Work placement study', source: 'Placement study (shared copy)' },
    });
    // every source was matched by its text to the document stored under its old name
    const titles = [...new Set(project.expected.map((x) => x.source))];
    expect(summary.matchedByText.map((m) => m.storedId).sort()).toEqual(
      titles.map((s) => s.toLowerCase().replace(/\s+/g, '_')).sort(),
    );
    expect(res.stderr).toContain(
      '"Steering meeting.txt" has the text of the stored document steering_meeting ("Steering meeting"): imported as that document',
    );
    expect(res.stderr).toContain(
      'The study keeps its name "Work placement study" (the project is named "Placement study (shared copy)"; --name renames it).',
    );
    expect(await studyName()).toBe('Work placement study');
    const stored = await readStudy(t.graph, { studyId });
    expect(stored.documents).toHaveLength(4);
    expect(stored.excerpts).toHaveLength(project.expected.length);
  });

  it('--name renames the study, and only the study changes', async () => {
    const file = await peerCopy();
    const renamed = await cliJson([
      'study',
      'import',
      file,
      '--study',
      studyId,
      '--name',
      'Placement study (shared copy)',
    ]);
    expect(renamed).toMatchObject({ created: 0, changed: 1, documents: { changed: 0 } });
    expect(await studyName()).toBe('Placement study (shared copy)');
  });
});
