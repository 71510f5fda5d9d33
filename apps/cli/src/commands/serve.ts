import { ensureExplorerUi } from '@iwa/explorer';
import { createExplorerServer, GraphExplorerData, type ExplorerServer } from '@iwa/explorer-server';
import { createGraph, type Graph } from '@iwa/services/database';
import { InvalidArgumentError, type Command } from 'commander';
import type { CommandContext } from '../command-context.ts';
import { connect, EXPLORER_GRAPH } from '../connect.ts';
import { readEnv } from '../env.ts';
import { ExitCode } from '../exit-codes.ts';

export interface ServeOptions {
  port: number;
  host: string;
  /** Run each study's queries once before listening (default); false: listen at once. */
  warmUp?: boolean;
}

/**
 * Starts the explorer on a connected graph and (unless `warmUp` is false) warms it up; resolves
 * once it listens.
 */
export async function startExplorer(
  ctx: CommandContext,
  graph: Graph,
  options: ServeOptions & { writeToken: string | undefined },
): Promise<ExplorerServer> {
  const ui = await ensureExplorerUi();
  if (ui.built) ctx.out.info(`Built the explorer UI into ${ui.dir}`);
  const data = new GraphExplorerData(graph);
  if (options.warmUp !== false) {
    ctx.out.info('Preparing the explorer (each study once; --no-warm-up skips this) …');
    await data.warmUp();
  }
  const server = await createExplorerServer({
    data,
    host: options.host,
    port: options.port,
    writeToken: options.writeToken,
    uiDir: ui.dir,
    logger: (entry) =>
      entry.level === 'error'
        ? ctx.out.error(`explorer: ${entry.method} ${entry.path} ${entry.status ?? ''}`)
        : ctx.out.debug(`${entry.method} ${entry.path} ${entry.status ?? ''} ${entry.ms ?? ''} ms`),
  });
  return server;
}

/** Waits for Ctrl-C (SIGINT) or SIGTERM, then closes the server. */
export async function serveUntilStopped(
  ctx: CommandContext,
  server: ExplorerServer,
): Promise<void> {
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  ctx.out.info('Stopping the explorer …');
  await server.close();
}

/** Parses a --port value (0 = any free port); a usage error otherwise. */
export const parsePort = (value: string): number => {
  const n = Number.parseInt(value, 10);
  if (!/^\d{1,5}$/.test(value) || n > 65535) throw new InvalidArgumentError('must be 0–65535');
  return n;
};

export function registerServe(program: Command, ctx: CommandContext): void {
  program
    .command('serve')
    .description(
      'start the explorer web app on this machine (read-only unless IWA_WRITE_TOKEN is set)',
    )
    .option('--port <port>', 'the port (0 = any free port)', parsePort, 4173)
    .option(
      '--host <host>',
      'the interface to listen on; keep 127.0.0.1 unless you know why',
      '127.0.0.1',
    )
    .option(
      '--no-warm-up',
      "listen at once, without running each study's queries first (a study's first view is then slower)",
    )
    .action(async (opts: ServeOptions) => {
      const env = readEnv();
      // migrations and the health check with the default retry budget (a server may still be
      // starting); then the explorer's own driver, which gives up on a read after 3 s
      const conn = await connect(env, ctx.out);
      await conn.graph.close();
      const graph = createGraph(conn.config, EXPLORER_GRAPH);
      let server: ExplorerServer;
      try {
        server = await startExplorer(ctx, graph, { ...opts, writeToken: env.writeToken });
      } catch (err) {
        await graph.close();
        if (err instanceof Error && 'code' in err && err.code === 'invalid_option') {
          ctx.out.error(`iwa: ${err.message}`);
          ctx.setExitCode(ExitCode.invalidInput);
          return;
        }
        throw err;
      }
      try {
        ctx.out.print(
          `The iwa explorer is running at ${server.url} (${env.writeToken ? 'writes allowed with the token' : 'read-only'}). Stop it with Ctrl-C.`,
        );
        await serveUntilStopped(ctx, server);
      } finally {
        await graph.close();
      }
    });
}
