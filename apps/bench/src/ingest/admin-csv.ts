/**
 * Floor (b): the same graph as the UNWIND floor written as CSV files for Neo4j's offline bulk
 * importer (`neo4j-admin database import full`), one file per label and per relationship type
 * (per pair of labels for actor relations and performers), with one ID space per label.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import type { CodeRow } from '@iwa/graph';
import type { OfflineImportFile } from '@iwa/neo4j-local';
import type { ActorKind, DocumentBundle, StudyManifest } from '@iwa/study';

type Cell = string | number | boolean | null | undefined;

const LABEL: Record<ActorKind, string> = {
  informant: 'Informant',
  organisation: 'Organisation',
  actor_group: 'ActorGroup',
};

/** One CSV file being written: a header, then rows, through csv-stringify. */
class CsvFile {
  readonly path: string;
  private readonly csv;
  private readonly out: WriteStream;

  constructor(path: string, header: string[]) {
    this.path = path;
    this.out = createWriteStream(path);
    this.csv = stringify({ cast: { boolean: (b) => String(b) } });
    this.csv.pipe(this.out);
    this.csv.write(header);
  }

  /** Writes a row; resolves at once unless the stream asks to wait. */
  async row(cells: Cell[]): Promise<void> {
    if (!this.csv.write(cells.map((c) => (c === undefined ? null : c))))
      await once(this.csv, 'drain');
  }

  async end(): Promise<void> {
    this.csv.end();
    await once(this.out, 'finish');
  }
}

/** The CSV files of a study and what to pass to the importer. */
export class AdminCsv {
  private readonly files = new Map<
    string,
    { file: CsvFile; kind: 'nodes' | 'rels'; name: string }
  >();

  constructor(
    private readonly dir: string,
    private readonly studyId: string,
  ) {}

  private open(spec: {
    key: string;
    kind: 'nodes' | 'rels';
    name: string;
    header: string[];
  }): CsvFile {
    const { key, kind, name, header } = spec;
    let f = this.files.get(key);
    if (!f) {
      f = { file: new CsvFile(join(this.dir, `${key}.csv`), header), kind, name };
      this.files.set(key, f);
    }
    return f.file;
  }

  private nodes(label: string, header: string[]): CsvFile {
    return this.open({
      key: `n-${label}`,
      kind: 'nodes',
      name: label,
      header: [`id:ID(${label})`, 'studyId', ...header],
    });
  }

  /** `ends` is [start label, end label]. */
  private rels(type: string, ends: [string, string], header: string[]): CsvFile {
    const [from, to] = ends;
    return this.open({
      key: `r-${type}-${from}-${to}`,
      kind: 'rels',
      name: type,
      header: [`:START_ID(${from})`, `:END_ID(${to})`, ...header],
    });
  }

  async manifest(manifest: StudyManifest, codes: CodeRow[]): Promise<void> {
    const s = this.studyId;
    await this.open({
      key: 'n-Study',
      kind: 'nodes',
      name: 'Study',
      header: ['id:ID(Study)', 'name'],
    }).row([s, manifest.name]);
    const code = this.nodes('Code', ['key', 'label', 'family', 'framework', 'isCodable:boolean']);
    const childOf = this.rels('CHILD_OF', ['Code', 'Code'], []);
    for (const c of codes) {
      await code.row([c.key, s, c.key, c.label, c.family, c.framework, c.isCodable]);
      if (c.parentKey) await childOf.row([c.key, c.parentKey]);
    }
    const keys = [...new Set(manifest.positions.flatMap((p) => Object.keys(p)))].filter(
      (k) => k !== 'id',
    );
    const position = this.nodes('Position', keys);
    for (const p of manifest.positions) {
      const rec = p as Record<string, unknown>;
      await position.row([p.id, s, ...keys.map((k) => rec[k] as Cell)]);
    }
    const informant = this.nodes('Informant', ['pseudonym', 'positionId']);
    const holds = this.rels('HOLDS', ['Informant', 'Position'], []);
    for (const i of manifest.informants) {
      await informant.row([i.id, s, i.pseudonym, i.positionId]);
      if (i.positionId) await holds.row([i.id, i.positionId]);
    }
    const org = this.nodes('Organisation', ['name', 'kind', 'sector', 'level', 'tier']);
    for (const o of manifest.organisations)
      await org.row([o.id, s, o.name, o.kind, o.sector, o.level, o.tier]);
    const group = this.nodes('ActorGroup', ['label']);
    for (const g of manifest.actorGroups) await group.row([g.id, s, g.label]);
    for (const r of manifest.relations) {
      const type = r.type.toUpperCase();
      await this.rels(type, [LABEL[r.from.kind], LABEL[r.to.kind]], ['id', 'studyId']).row([
        r.from.id,
        r.to.id,
        r.id,
        s,
      ]);
    }
  }

  async documents(bundle: DocumentBundle): Promise<void> {
    const s = this.studyId;
    const d = bundle.document;
    await this.nodes('Document', ['title', 'kind', 'text', 'contentHash']).row([
      d.id,
      s,
      d.title,
      d.kind,
      d.text,
      d.contentHash,
    ]);
    const withRel = this.rels('WITH', ['Document', 'Informant'], []);
    for (const p of d.participants) await withRel.row([d.id, p]);
    const excerpt = this.nodes('Excerpt', [
      'documentId',
      'start:int',
      'end:int',
      'text',
      'performerSource',
      'speakerKind',
      'speakerId',
      'performerKind',
      'performerId',
    ]);
    const inRel = this.rels('IN', ['Excerpt', 'Document'], []);
    const spoken = this.rels('SPOKEN_BY', ['Excerpt', 'Informant'], []);
    for (const x of bundle.excerpts) {
      await excerpt.row([
        x.id,
        s,
        x.documentId,
        x.start,
        x.end,
        x.text,
        x.performerSource,
        x.speaker?.kind,
        x.speaker?.id,
        x.performer?.kind,
        x.performer?.id,
      ]);
      await inRel.row([x.id, x.documentId]);
      if (x.speaker?.kind === 'informant') await spoken.row([x.id, x.speaker.id]);
      if (x.performer)
        await this.rels('PERFORMED_BY', ['Excerpt', LABEL[x.performer.kind]], ['source']).row([
          x.id,
          x.performer.id,
          x.performerSource,
        ]);
    }
    const coded = this.rels('CODED', ['Excerpt', 'Code'], ['id', 'coderId', 'studyId']);
    for (const c of bundle.codings) await coded.row([c.excerptId, c.code, c.id, c.coderId, s]);
  }

  /** Closes every file; returns the importer's arguments. */
  async end(): Promise<{ nodes: OfflineImportFile[]; relationships: OfflineImportFile[] }> {
    const nodes: OfflineImportFile[] = [];
    const relationships: OfflineImportFile[] = [];
    for (const { file, kind, name } of this.files.values()) {
      await file.end();
      (kind === 'nodes' ? nodes : relationships).push({ name, files: [file.path] });
    }
    return { nodes, relationships };
  }

  static async create(dir: string, studyId: string): Promise<AdminCsv> {
    await mkdir(dir, { recursive: true });
    return new AdminCsv(dir, studyId);
  }
}
