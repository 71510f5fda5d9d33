import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { iwaCommand, runIwa } from './run-cli.ts';

/*
 * An unreachable NEO4J_URI: the CLI exits with code 3 and says what to check (the server, the
 * host, port and scheme of NEO4J_URI), without the driver's internals. How fast it fails is
 * measured by the bench (docs/benchmarks.md), not asserted here.
 */

const servers: Server[] = [];
const sockets: Socket[] = [];

function listen(onConnection: (socket: Socket) => void): Promise<number> {
  const server = createServer(onConnection);
  servers.push(server);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

/** A port on which nothing listens: bound by the OS, then released. */
async function closedPort(): Promise<number> {
  const port = await listen(() => {});
  const server = servers.pop();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  return port;
}

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

const WHAT_TO_CHECK =
  /Check that the server is running .* NEO4J_URI names its host, Bolt port and scheme/;
const DRIVER_INTERNALS = /Neo4jError|ServiceUnavailable|ECONNREFUSED|at .*node_modules|Caused by/;

describe('an unreachable database', () => {
  it('a closed port: exit 3, "nothing accepts connections", what to check', async () => {
    const port = await closedPort();
    const res = runIwa(['study', 'list'], { env: { NEO4J_URI: `bolt://127.0.0.1:${port}` } });
    expect(res.status).toBe(3);
    expect(res.stderr).toContain(
      `Cannot reach Neo4j at bolt://127.0.0.1:${port}: nothing accepts connections on that port.`,
    );
    expect(res.stderr).toMatch(WHAT_TO_CHECK);
    expect(res.stderr).not.toMatch(DRIVER_INTERNALS);
    expect(res.stdout).toBe('');
  });

  it('a port that accepts and never answers: exit 3 after the connection timeout', async () => {
    // the Bolt handshake gets no reply: the driver's connection timeout ends the wait
    const port = await listen((socket) => {
      sockets.push(socket);
      socket.on('error', () => {});
    });
    // spawned, not spawnSync: this process must keep running to hold the connection open
    const [cmd, ...args] = iwaCommand(['study', 'list']);
    const child = spawn(cmd as string, args, {
      env: { ...process.env, NEO4J_URI: `bolt://127.0.0.1:${port}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const status = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    const res = { status, stderr };
    expect(res.status).toBe(3);
    expect(res.stderr).toContain(
      `Cannot reach Neo4j at bolt://127.0.0.1:${port}: it did not answer within 4 s.`,
    );
    expect(res.stderr).toMatch(WHAT_TO_CHECK);
    expect(res.stderr).not.toMatch(DRIVER_INTERNALS);
  });
});
