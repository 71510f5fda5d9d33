import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { buildCli, CLI_BIN } from '../built-cli.ts';
import { processEnv } from '../env.ts';
import { log } from '../log.ts';
import { summarise, type Timing } from '../stats.ts';
import { REPO_ROOT } from '../repo-root.ts';

/** How long `iwa study list` takes to give up on an unreachable NEO4J_URI, and how it ends. */
export interface FailFastSummary {
  /** Nothing listens on the port: the connection is refused at once. */
  closedPort: { ms: Timing; exitCodes: number[] };
  /** A port that accepts and never answers: the connection timeout (4 s) ends the wait. */
  silentPort: { ms: Timing; exitCodes: number[] };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

const close = (server: Server): Promise<void> =>
  new Promise((resolve) => server.close(() => resolve()));

/** Runs the built CLI, the bundle `iwa` and `pnpm iwa` run (Node's start included in the time). */
function timeCli(uri: string): Promise<{ ms: number; code: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, 'study', 'list'], {
      cwd: REPO_ROOT,
      env: processEnv({ NEO4J_URI: uri }),
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ ms: performance.now() - t0, code: code ?? -1 }));
  });
}

/** `iwa study list` against a closed port and a silent one, `runs` times each. */
export async function runFailFast(options: { runs: number }): Promise<FailFastSummary> {
  buildCli();
  log('fail fast: iwa study list with NEO4J_URI on a closed port and on a silent port');
  const probe = createServer();
  const closedPort = await listen(probe);
  await close(probe);
  const sockets: Socket[] = [];
  const silent = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
  });
  const silentPort = await listen(silent);
  const closed: { ms: number; code: number }[] = [];
  const quiet: { ms: number; code: number }[] = [];
  try {
    for (let i = 0; i < options.runs; i++) {
      closed.push(await timeCli(`bolt://127.0.0.1:${closedPort}`));
      quiet.push(await timeCli(`bolt://127.0.0.1:${silentPort}`));
    }
  } finally {
    for (const s of sockets) s.destroy();
    await close(silent);
  }
  return {
    closedPort: { ms: summarise(closed.map((r) => r.ms)), exitCodes: closed.map((r) => r.code) },
    silentPort: { ms: summarise(quiet.map((r) => r.ms)), exitCodes: quiet.map((r) => r.code) },
  };
}
