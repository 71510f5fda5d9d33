import { spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { assertJava, ensureLauncherBuilt } from './launcher-build.ts';
import { NO_JAVA_ADVICE, Neo4jLocalError } from './neo4j-local-error.ts';

const READY = /^IWA_NEO4J_READY (bolt:\/\/\S+)$/m;
const STATE_FILE = 'iwa-neo4j.json';
const LOG_FILE = 'launcher.log';
/** The address of the last detached start; kept across stops, so a restart can reuse the port. */
const ADDRESS_FILE = 'iwa-neo4j-address.json';
/** Where a detached server's first port is chosen: below the ephemeral range, above most services. */
const HOME_PORTS = { from: 20_000, to: 32_000 };

/** Memory given to the local server. Neo4j needs both a heap and a page cache. */
export interface LocalNeo4jMemory {
  /** JVM heap in MiB (default 512). */
  heapMb?: number;
  /** Page cache in MiB (default 128). */
  pageCacheMb?: number;
}

export interface LocalNeo4jOptions {
  /** The server's home: data, logs and the state file live here. Created when missing. */
  dataDir: string;
  /**
   * Bolt port; 0 lets the OS choose a free one. The default is 0, except for a detached server:
   * it keeps one port across restarts (its previous port when free, first a free one below the
   * ephemeral range), so clients holding its address (a running explorer) reconnect after
   * `iwa db stop` + `iwa db start`.
   */
  port?: number;
  /** Interface to bind; 127.0.0.1 unless told otherwise. */
  host?: string;
  memory?: LocalNeo4jMemory;
  /** How long to wait for the ready line (default 120 s). */
  startTimeoutMs?: number;
  /**
   * Keep the server running after this process exits (for `iwa db start`). Otherwise the server
   * stops when this process exits, even on a crash.
   */
  detached?: boolean;
  javaBin?: string;
  /**
   * Further JVM options, after iwa's own (so they win where they overlap), e.g.
   * `['-XX:TieredStopAtLevel=1']`: C1 compilation only, about half the CPU a fresh server spends
   * on compiling, for a server that lives a minute or two (the tests' throwaway servers). Every
   * option must start with `-`.
   */
  javaOptions?: readonly string[];
  /**
   * Neo4j settings by name, e.g. `{ 'dbms.cypher.min_replan_interval': '1h' }`, beside iwa's
   * own (Bolt address, auth, page cache, transaction timeout), which win where they overlap.
   * Neo4j checks each name and value at start: an unknown name or a bad value stops the start
   * with Neo4j's message.
   */
  settings?: Readonly<Record<string, string>>;
  /** Called with Maven's output while the launcher is built the first time. */
  onBuildOutput?: (line: string) => void;
}

export interface LocalNeo4j {
  /** `bolt://127.0.0.1:PORT` */
  uri: string;
  pid: number;
  dataDir: string;
  /** Stops the server cleanly (SIGTERM, then SIGKILL after 30 s) and waits until it is gone. */
  stop(): Promise<void>;
}

export interface LocalNeo4jState {
  pid: number;
  uri: string;
  startedAt: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

async function stopPid(pid: number): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  if (await waitForExit(pid, 30_000)) return;
  process.kill(pid, 'SIGKILL');
  await waitForExit(pid, 5_000);
}

/** Reads the state file of a detached server and tells whether its process still runs. */
export function localNeo4jStatus(
  dataDir: string,
): { running: true; state: LocalNeo4jState } | { running: false; state?: LocalNeo4jState } {
  const file = join(dataDir, STATE_FILE);
  if (!existsSync(file)) return { running: false };
  const state = JSON.parse(readFileSync(file, 'utf8')) as LocalNeo4jState;
  return isAlive(state.pid) ? { running: true, state } : { running: false, state };
}

/** Stops the detached server of a data folder; fails with `not_running` when none runs. */
export async function stopLocalNeo4j(dataDir: string): Promise<LocalNeo4jState> {
  const status = localNeo4jStatus(dataDir);
  if (!status.running) {
    if (status.state) rmSync(join(dataDir, STATE_FILE), { force: true });
    throw new Neo4jLocalError('not_running', `No local Neo4j is running for ${dataDir}`);
  }
  await stopPid(status.state.pid);
  rmSync(join(dataDir, STATE_FILE), { force: true });
  return status.state;
}

/** Resolves when `port` can be bound on `host` right now (nothing else listens there). */
function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => done(true)));
  });
}

/**
 * The port for a detached server: its previous one when that is free again, otherwise a free
 * port below the OS's ephemeral range (which starts at 32768 on Linux), so that no outgoing
 * connection can take it while the server is stopped; 0 (any port) when none is found.
 */
async function preferredPort(dataDir: string, host: string): Promise<number> {
  const file = join(dataDir, ADDRESS_FILE);
  if (existsSync(file)) {
    try {
      const { uri } = JSON.parse(readFileSync(file, 'utf8')) as { uri?: unknown };
      const port = typeof uri === 'string' ? Number(/:(\d+)$/.exec(uri)?.[1]) : Number.NaN;
      if (Number.isInteger(port) && port > 0 && port <= 65_535 && (await portIsFree(host, port)))
        return port;
    } catch {
      // an unreadable address file only means a new port
    }
  }
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const port = HOME_PORTS.from + Math.floor(Math.random() * (HOME_PORTS.to - HOME_PORTS.from));
    if (await portIsFree(host, port)) return port;
  }
  return 0;
}

function javaArgs(classpath: string, options: LocalNeo4jOptions, dataDir: string): string[] {
  const heap = options.memory?.heapMb ?? 512;
  const pageCache = options.memory?.pageCacheMb ?? 128;
  const args = [
    `-Xms${heap}m`,
    `-Xmx${heap}m`,
    '-XX:+UseG1GC',
    '-XX:+ExitOnOutOfMemoryError',
    '-Dfile.encoding=UTF-8',
    ...(options.javaOptions ?? []),
    '-cp',
    classpath,
    'dev.iwa.neo4jlocal.Launcher',
    '--data',
    dataDir,
    '--port',
    String(options.port ?? 0),
    '--host',
    options.host ?? '127.0.0.1',
    '--pagecache',
    String(pageCache * 1024 * 1024),
  ];
  for (const [name, value] of Object.entries(options.settings ?? {}))
    args.push('--setting', `${name}=${value}`);
  if (!options.detached) args.push('--watch-stdin', '--parent-pid', String(process.pid));
  return args;
}

function waitForReady(
  child: ChildProcess,
  readOutput: () => string,
  options: { timeoutMs: number; readErrors: () => string },
): Promise<string> {
  return new Promise((resolveUri, reject) => {
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      clearTimeout(timer);
      fn();
    };
    const check = (): void => {
      const match = READY.exec(readOutput());
      if (match?.[1]) finish(() => resolveUri(match[1] as string));
    };
    const poll = setInterval(check, 100);
    const timer = setTimeout(() => {
      finish(() => {
        child.kill('SIGKILL');
        reject(
          new Neo4jLocalError(
            'start_timeout',
            `The local Neo4j did not report ready within ${options.timeoutMs} ms.\n${options.readErrors().slice(-2000)}`,
          ),
        );
      });
    }, options.timeoutMs);
    child.on('error', (err) =>
      finish(() =>
        reject(
          new Neo4jLocalError('start_failed', `Could not start Java: ${NO_JAVA_ADVICE}`, {
            cause: err,
          }),
        ),
      ),
    );
    child.on('exit', (code, signal) => {
      check();
      finish(() =>
        reject(
          new Neo4jLocalError(
            'start_failed',
            `The local Neo4j exited before it was ready (code ${code ?? signal}).\n${options.readErrors().slice(-2000)}`,
          ),
        ),
      );
    });
  });
}

/**
 * Starts Neo4j Community on 127.0.0.1 from a data folder, building the Java launcher with Maven
 * the first time. Resolves once Bolt accepts connections.
 *
 * @example
 * const neo4j = await startLocalNeo4j({ dataDir: '/tmp/iwa-neo4j' });
 * console.log(neo4j.uri); // bolt://127.0.0.1:40123
 * await neo4j.stop();
 */
export async function startLocalNeo4j(options: LocalNeo4jOptions): Promise<LocalNeo4j> {
  const dataDir = resolve(options.dataDir);
  const javaBin = options.javaBin ?? 'java';
  const badOption = options.javaOptions?.find((o) => !o.startsWith('-'));
  if (badOption !== undefined) {
    throw new Neo4jLocalError(
      'start_failed',
      `"${badOption}" is not a JVM option: each of javaOptions starts with "-" (e.g. -XX:TieredStopAtLevel=1)`,
    );
  }
  const badSetting = Object.entries(options.settings ?? {}).find(
    ([name, value]) => !/^[a-z][a-z0-9_.]*$/.test(name) || /[\r\n]/.test(value),
  );
  if (badSetting !== undefined) {
    throw new Neo4jLocalError(
      'start_failed',
      `"${badSetting[0]}" is not a Neo4j setting name with a one-line value: settings are written name=value, one per line (e.g. dbms.cypher.min_replan_interval: 1h)`,
    );
  }
  assertJava(javaBin);
  const classpath = await ensureLauncherBuilt(
    options.onBuildOutput ? { onOutput: options.onBuildOutput } : {},
  );
  mkdirSync(dataDir, { recursive: true });
  const timeoutMs = options.startTimeoutMs ?? 120_000;

  if (options.detached) {
    const existing = localNeo4jStatus(dataDir);
    if (existing.running) {
      throw new Neo4jLocalError(
        'already_running',
        `A local Neo4j already runs for ${dataDir} at ${existing.state.uri} (pid ${existing.state.pid})`,
      );
    }
    const logPath = join(dataDir, LOG_FILE);
    const readLog = (): string => (existsSync(logPath) ? readFileSync(logPath, 'utf8') : '');
    const launch = async (port: number): Promise<{ child: ChildProcess; uri: string }> => {
      const fd = openSync(logPath, 'w');
      const child = spawn(javaBin, javaArgs(classpath, { ...options, port }, dataDir), {
        detached: true,
        stdio: ['ignore', fd, fd],
      });
      closeSync(fd);
      return { child, uri: await waitForReady(child, readLog, { timeoutMs, readErrors: readLog }) };
    };
    const preferred = options.port ?? (await preferredPort(dataDir, options.host ?? '127.0.0.1'));
    let started: { child: ChildProcess; uri: string };
    try {
      started = await launch(preferred);
    } catch (err) {
      // the previous port was taken between the check and the bind: any free port will do
      if (options.port !== undefined || preferred === 0) throw err;
      started = await launch(0);
    }
    const { child, uri } = started;
    child.unref();
    const pid = child.pid as number;
    const state: LocalNeo4jState = { pid, uri, startedAt: new Date().toISOString() };
    writeFileSync(join(dataDir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
    writeFileSync(join(dataDir, ADDRESS_FILE), `${JSON.stringify({ uri }, null, 2)}\n`);
    return {
      uri,
      pid,
      dataDir,
      stop: async () => {
        await stopPid(pid);
        rmSync(join(dataDir, STATE_FILE), { force: true });
      },
    };
  }

  const args = javaArgs(classpath, options, dataDir);
  const child = spawn(javaBin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => {
    err = (err + c.toString('utf8')).slice(-20_000);
  });
  const uri = await waitForReady(child, () => out, { timeoutMs, readErrors: () => err });
  const pid = child.pid as number;
  let stopping: Promise<void> | undefined;
  return {
    uri,
    pid,
    dataDir,
    stop: () => {
      stopping ??= (async () => {
        await stopPid(pid);
        child.stdin?.destroy();
      })();
      return stopping;
    },
  };
}
