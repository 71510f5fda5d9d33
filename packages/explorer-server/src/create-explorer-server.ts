import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { ExplorerData } from './explorer-data.ts';
import { ExplorerError } from './explorer-error.ts';
import { createExplorerApp } from './create-explorer-app.ts';
import type { ExplorerLogger } from './create-explorer-app.ts';

/** Options of {@link createExplorerServer}. */
export interface ExplorerServerOptions {
  data: ExplorerData;
  /** Default `127.0.0.1`: only this machine can connect. */
  host?: string | undefined;
  /** Default 0: any free port (read the chosen one from `url`). */
  port?: number | undefined;
  /**
   * Enables non-GET requests carrying `Authorization: Bearer <token>`; at least 16 characters.
   * Without it the explorer is read-only.
   */
  writeToken?: string | undefined;
  /** The folder of the built UI to serve (`iwa serve` passes the explorer app's `UI_DIR`). */
  uiDir: string;
  logger?: ExplorerLogger | undefined;
  /** Check every API response against its schema (for tests of an `ExplorerData`). */
  checkResponses?: boolean | undefined;
}

/** A running explorer. */
export interface ExplorerServer {
  /** Where it listens, e.g. `http://127.0.0.1:5173`. */
  url: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/**
 * Starts the explorer (API and UI on one port) and resolves once it listens. Throws
 * `ExplorerError('invalid_option')` for a bad port or a short write token.
 */
export async function createExplorerServer(
  options: ExplorerServerOptions,
): Promise<ExplorerServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ExplorerError('invalid_option', `port: ${port} is not a port number`);
  }
  if (options.writeToken !== undefined && options.writeToken.length < 16) {
    throw new ExplorerError('invalid_option', 'writeToken: at least 16 characters');
  }
  const app = createExplorerApp({ ...options, host });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port }, () => resolve(s));
    s.once('error', reject);
  });
  const { port: actualPort } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${actualPort}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
