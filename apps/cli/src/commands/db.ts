import { checkHealth, createGraph, describeGraphConfig } from '@iwa/services/database';
import {
  Neo4jLocalError,
  ensureLauncherBuilt,
  localNeo4jStatus,
  stopLocalNeo4j,
} from '@iwa/neo4j-local';
import type { Command } from 'commander';
import { connect } from '../connect.ts';
import { localNeo4jDir, readEnv } from '../env.ts';
import { ExitCode } from '../exit-codes.ts';
import type { CommandContext } from '../command-context.ts';

interface DbOptions {
  data?: string;
  json?: boolean;
}

export function registerDb(program: Command, ctx: CommandContext): void {
  const db = program
    .command('db')
    .description('start, stop and inspect the local Neo4j (or the one NEO4J_URI names)');
  const dataOption = [
    '--data <dir>',
    'the local server folder (default: the user data directory)',
  ] as const;

  db.command('start')
    .description('start the local Neo4j in the background and apply the schema migrations')
    .option(...dataOption)
    .option('--json', 'print the status as JSON')
    .action(async (opts: DbOptions) => {
      const env = readEnv();
      const conn = await connect(env, ctx.out, {
        dataDir: opts.data ?? localNeo4jDir(env.dataDir),
      });
      try {
        const status = {
          uri: conn.health.uri,
          source: conn.source,
          started: conn.started,
          server: `Neo4j ${conn.health.serverVersion} ${conn.health.edition}`,
          schemaVersion: conn.migrations.version,
          migrationsApplied: conn.migrations.applied,
        };
        if (opts.json) ctx.out.print(JSON.stringify(status, null, 2));
        else {
          ctx.out.print(
            `${conn.started ? 'Started' : 'Already running'}: ${status.server} at ${status.uri}`,
          );
          ctx.out.print(
            `Schema version ${status.schemaVersion}${conn.migrations.applied.length ? ` (applied ${conn.migrations.applied.join(', ')})` : ''}`,
          );
        }
      } finally {
        await conn.graph.close();
      }
    });

  db.command('build')
    .description(
      'build the local Neo4j launcher with Maven now (otherwise the first start does it)',
    )
    .action(async () => {
      const classpath = await ensureLauncherBuilt({ onOutput: (line) => ctx.out.debug(line) });
      ctx.out.print(
        `The local Neo4j launcher is built (${classpath.split(':').length} classpath entries).`,
      );
    });

  db.command('status')
    .description('tell whether the database is running and reachable')
    .option(...dataOption)
    .option('--json', 'print the status as JSON')
    .action(async (opts: DbOptions) => {
      const env = readEnv();
      let config = env.graph;
      let pid: number | undefined;
      const dir = opts.data ?? localNeo4jDir(env.dataDir);
      if (!config) {
        const local = localNeo4jStatus(dir);
        if (!local.running) {
          const status = { running: false, dataDir: dir };
          if (opts.json) ctx.out.print(JSON.stringify(status, null, 2));
          else
            ctx.out.print(`Not running (local server folder ${dir}). Start it with: iwa db start`);
          ctx.setExitCode(ExitCode.databaseUnavailable);
          return;
        }
        pid = local.state.pid;
        config = { uri: local.state.uri, user: 'neo4j', database: 'neo4j' };
      }
      const graph = createGraph(config, { appName: 'iwa-cli', maxRetryTimeMs: 2_000 });
      try {
        const health = await checkHealth(graph);
        const status = {
          running: true,
          source: env.graph ? 'NEO4J_URI' : 'local',
          uri: health.uri,
          ...(pid ? { pid, dataDir: dir } : {}),
          server: `Neo4j ${health.serverVersion} ${health.edition}`,
          database: health.database,
          latencyMs: health.latencyMs,
        };
        if (opts.json) ctx.out.print(JSON.stringify(status, null, 2));
        else {
          ctx.out.print(
            `Running: ${status.server} at ${env.graph ? describeGraphConfig(env.graph) : health.uri}`,
          );
          if (pid) ctx.out.print(`Local server pid ${pid}, folder ${dir}`);
          ctx.out.print(`Database ${health.database}, round trip ${health.latencyMs} ms`);
        }
      } finally {
        await graph.close();
      }
    });

  db.command('stop')
    .description('stop the local Neo4j (its data stays in the folder)')
    .option(...dataOption)
    .action(async (opts: DbOptions) => {
      const env = readEnv();
      const dir = opts.data ?? localNeo4jDir(env.dataDir);
      try {
        const state = await stopLocalNeo4j(dir);
        ctx.out.print(`Stopped the local Neo4j (pid ${state.pid}); its data stays in ${dir}`);
      } catch (err) {
        if (err instanceof Neo4jLocalError && err.code === 'not_running') {
          ctx.out.print(`Not running (local server folder ${dir})`);
          return;
        }
        throw err;
      }
    });
}
