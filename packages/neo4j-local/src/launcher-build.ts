import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NO_JAVA_ADVICE, Neo4jLocalError } from './neo4j-local-error.ts';

/** Where the Maven project of the launcher lives (inside this package). */
export const launcherProjectDir = fileURLToPath(new URL('../java/', import.meta.url));

const JAR = 'iwa-neo4j-launcher-1.0.0.jar';
const STAMP = '.iwa-build-stamp';

/** The Java major version reported by `java -version`, or undefined when Java is missing. */
export function javaMajorVersion(javaBin = 'java'): number | undefined {
  const out = spawnSync(javaBin, ['-version'], { encoding: 'utf8' });
  if (out.error) return undefined;
  const text = `${out.stderr}${out.stdout}`;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(text);
  if (!match?.[1]) return undefined;
  const major = Number(match[1]);
  return major === 1 && match[2] ? Number(match[2]) : major;
}

/** Fails with `java_missing` unless Java 17 or newer is on the PATH. */
export function assertJava(javaBin = 'java'): number {
  const major = javaMajorVersion(javaBin);
  if (major === undefined) {
    throw new Neo4jLocalError('java_missing', `Java was not found on the PATH: ${NO_JAVA_ADVICE}.`);
  }
  if (major < 17) {
    throw new Neo4jLocalError(
      'java_missing',
      `Java ${major} was found, but the local Neo4j needs Java 17+: ${NO_JAVA_ADVICE}.`,
    );
  }
  return major;
}

function sourceHash(): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(join(launcherProjectDir, 'pom.xml')));
  const srcDir = join(launcherProjectDir, 'src/main/java/dev/iwa/neo4jlocal');
  for (const f of readdirSync(srcDir).sort()) hash.update(readFileSync(join(srcDir, f)));
  return hash.digest('hex');
}

/** The classpath of a built launcher, or undefined when it must be (re)built. */
function builtClasspath(): string | undefined {
  const target = join(launcherProjectDir, 'target');
  const stamp = join(target, STAMP);
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== sourceHash()) return undefined;
  return `${join(target, JAR)}:${join(target, 'lib', '*')}`;
}

async function withLock<T>(lockDir: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (Date.now() > deadline) {
        throw new Neo4jLocalError('build_failed', `Timed out waiting for the lock ${lockDir}`, {
          cause: err,
        });
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

export interface BuildOptions {
  /** Called with each line Maven prints, for progress display. */
  onOutput?: (line: string) => void;
  mvnBin?: string;
}

/**
 * Builds the launcher with Maven when its sources changed since the last build (a cached build
 * is reused), and returns the Java classpath to run it with.
 */
export async function ensureLauncherBuilt(options: BuildOptions = {}): Promise<string> {
  const cached = builtClasspath();
  if (cached) return cached;
  const mvn = options.mvnBin ?? 'mvn';
  if (spawnSync(mvn, ['-v'], { encoding: 'utf8' }).error) {
    throw new Neo4jLocalError(
      'maven_missing',
      `Maven was not found on the PATH; it builds the local Neo4j launcher once: ${NO_JAVA_ADVICE}.`,
    );
  }
  return withLock(join(launcherProjectDir, '.build-lock'), async () => {
    const again = builtClasspath();
    if (again) return again;
    const output: string[] = [];
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(mvn, ['-B', '-q', 'package', '-DskipTests'], {
        cwd: launcherProjectDir,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const onData = (chunk: Buffer): void => {
        for (const line of chunk.toString('utf8').split('\n')) {
          if (!line) continue;
          output.push(line);
          options.onOutput?.(line);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('error', reject);
      child.on('close', resolve);
    });
    if (code !== 0) {
      throw new Neo4jLocalError(
        'build_failed',
        `Building the local Neo4j launcher with Maven failed (exit ${code}) in ${launcherProjectDir}:\n${output.slice(-20).join('\n')}`,
      );
    }
    writeFileSync(join(launcherProjectDir, 'target', STAMP), sourceHash());
    const cp = builtClasspath();
    if (!cp) throw new Neo4jLocalError('build_failed', 'The launcher build left no stamp behind');
    return cp;
  });
}
