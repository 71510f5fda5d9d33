import Database from 'better-sqlite3';
import { formatIssue, iterateStudyDocuments, readStudyManifest } from '@iwa/study';
import { codeFamily, PositionDimension } from '@iwa/taxonomy';

/**
 * The relational reference: the same rows in SQLite (better-sqlite3), in tables like those of
 * QualCoder-style tools (source texts, code names, coded text), normalised so the matrix is one
 * GROUP BY over joins.
 */
export const SQLITE_SCHEMA = `
CREATE TABLE source (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, fulltext TEXT);
CREATE TABLE code_name (cid INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, family TEXT NOT NULL);
CREATE TABLE position (id TEXT PRIMARY KEY, role TEXT, sector TEXT, tier TEXT, level TEXT, authority TEXT, embeddedness TEXT);
CREATE TABLE informant (id TEXT PRIMARY KEY, position_id TEXT REFERENCES position(id));
CREATE TABLE excerpt (id TEXT PRIMARY KEY, fid INTEGER NOT NULL REFERENCES source(id), pos0 INTEGER, pos1 INTEGER, seltext TEXT, speaker_id TEXT REFERENCES informant(id));
CREATE TABLE code_text (ctid INTEGER PRIMARY KEY, cid INTEGER NOT NULL REFERENCES code_name(cid), excerpt_id TEXT NOT NULL REFERENCES excerpt(id), owner TEXT);
`;
export const SQLITE_INDEXES = `
CREATE INDEX code_text_excerpt ON code_text(excerpt_id);
CREATE INDEX code_text_cid ON code_text(cid);
CREATE INDEX excerpt_speaker ON excerpt(speaker_id);
ANALYZE;
`;

const DIMENSIONS: ReadonlySet<string> = new Set(
  PositionDimension.exclude(['dualEmployment']).options,
);

/** The matrix SQL for a position dimension (a column name from a fixed list) by a code family. */
export function sqliteMatrixSql(dimension: string): string {
  if (!DIMENSIONS.has(dimension)) throw new Error(`unknown dimension ${dimension}`);
  return `SELECT p.${dimension} AS row, c.name AS col, COUNT(DISTINCT x.id) AS excerpts,
       COUNT(DISTINCT x.speaker_id) AS informants, COUNT(DISTINCT x.fid) AS documents
FROM code_text ct
JOIN code_name c ON c.cid = ct.cid
JOIN excerpt x ON x.id = ct.excerpt_id
JOIN informant i ON i.id = x.speaker_id
JOIN position p ON p.id = i.position_id
WHERE c.family = ?
GROUP BY p.${dimension}, c.name`;
}

export interface SqliteMatrixRow {
  row: string | null;
  col: string;
  excerpts: number;
  informants: number;
  documents: number;
}

/** Loads a study folder into a new SQLite file; returns the load time and row counts. */
export async function loadSqlite(
  file: string,
  studyDir: string,
): Promise<{ ms: number; excerpts: number; codings: number }> {
  const t0 = performance.now();
  const db = new Database(file);
  try {
    db.exec(SQLITE_SCHEMA);
    const m = await readStudyManifest(studyDir);
    if (!m.ok) throw new Error(m.errors.map(formatIssue).join('\n'));
    const manifest = m.folder.manifest;
    const insertPosition = db.prepare(
      'INSERT INTO position (id, role, sector, tier, level, authority, embeddedness) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const insertInformant = db.prepare('INSERT INTO informant (id, position_id) VALUES (?, ?)');
    const insertCode = db.prepare(
      'INSERT INTO code_name (name, family) VALUES (?, ?) RETURNING cid',
    );
    const insertSource = db.prepare(
      'INSERT INTO source (name, fulltext) VALUES (?, ?) RETURNING id',
    );
    const insertExcerpt = db.prepare(
      'INSERT INTO excerpt (id, fid, pos0, pos1, seltext, speaker_id) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const insertCoding = db.prepare(
      'INSERT INTO code_text (cid, excerpt_id, owner) VALUES (?, ?, ?)',
    );
    const cids = new Map<string, number>();
    let excerpts = 0;
    let codings = 0;
    db.exec('BEGIN');
    for (const p of manifest.positions)
      insertPosition.run(
        p.id,
        p.role,
        p.sector ?? null,
        p.tier ?? null,
        p.level ?? null,
        p.authority ?? null,
        p.embeddedness ?? null,
      );
    for (const i of manifest.informants) insertInformant.run(i.id, i.positionId ?? null);
    const codeId = (key: string): number => {
      let cid = cids.get(key);
      if (cid === undefined) {
        cid = (insertCode.get(key, codeFamily(key) ?? key) as { cid: number }).cid;
        cids.set(key, cid);
      }
      return cid;
    };
    for await (const item of iterateStudyDocuments(m.folder)) {
      if (!item.ok) throw new Error(item.errors.map(formatIssue).join('\n'));
      const { document, excerpts: xs, codings: cs } = item.bundle;
      const fid = (insertSource.get(document.id, document.text) as { id: number }).id;
      for (const x of xs) {
        insertExcerpt.run(
          x.id,
          fid,
          x.start,
          x.end,
          x.text,
          x.speaker?.kind === 'informant' ? x.speaker.id : null,
        );
        excerpts += 1;
      }
      for (const c of cs) {
        insertCoding.run(codeId(c.code), c.excerptId, c.coderId);
        codings += 1;
      }
    }
    db.exec('COMMIT');
    db.exec(SQLITE_INDEXES);
    return { ms: performance.now() - t0, excerpts, codings };
  } finally {
    db.close();
  }
}

/** An open SQLite reference database with the matrix statement prepared. */
export class SqliteReference {
  private db: Database.Database;
  private statement: Database.Statement;

  constructor(
    private readonly file: string,
    private readonly dimension: string,
  ) {
    this.db = new Database(file, { readonly: true });
    this.statement = this.db.prepare(sqliteMatrixSql(dimension));
  }

  matrix(family: string): SqliteMatrixRow[] {
    return this.statement.all(family) as SqliteMatrixRow[];
  }

  /** A fresh connection and statement (the cold case: nothing prepared, nothing cached in-process). */
  reopen(): void {
    this.db.close();
    this.db = new Database(this.file, { readonly: true });
    this.statement = this.db.prepare(sqliteMatrixSql(this.dimension));
  }

  close(): void {
    this.db.close();
  }
}
