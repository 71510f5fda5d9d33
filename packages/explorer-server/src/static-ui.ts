import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** A file of the built UI, ready to send. */
export interface UiFile {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  cacheControl: string;
}

/**
 * Reads files of the built UI, at most once each. Only files inside `uiDir` with a known
 * extension are served; hashed files under `assets/` are cached for a year by the browser,
 * `index.html` never.
 */
export class StaticUi {
  readonly #root: string;
  readonly #cache = new Map<string, Promise<UiFile | null>>();

  constructor(uiDir: string) {
    this.#root = resolve(uiDir);
  }

  /** The file for a URL path (`/`, `/assets/index-abc.js`), or null when there is none. */
  get(urlPath: string): Promise<UiFile | null> {
    const relative = urlPath === '/' ? 'index.html' : urlPath.replace(/^\/+/, '');
    if (!/^[A-Za-z0-9._/-]+$/.test(relative) || relative.split('/').includes('..')) {
      return Promise.resolve(null);
    }
    let file = this.#cache.get(relative);
    if (file === undefined) {
      file = this.#read(relative);
      this.#cache.set(relative, file);
    }
    return file;
  }

  async #read(relative: string): Promise<UiFile | null> {
    const contentType = CONTENT_TYPES[extname(relative)];
    const path = join(this.#root, relative);
    if (contentType === undefined || !path.startsWith(this.#root + sep)) return null;
    try {
      const body = new Uint8Array(await readFile(path));
      const cacheControl = relative.startsWith('assets/')
        ? 'public, max-age=31536000, immutable'
        : 'no-cache';
      return { body, contentType, cacheControl };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        this.#cache.delete(relative);
        return null;
      }
      throw err;
    }
  }
}
