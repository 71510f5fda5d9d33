/** What iwa-bundle-setup.ts hands to the tests through `inject()`. */
declare module 'vitest' {
  export interface ProvidedContext {
    /** The bundled `iwa` entry (run it with `node --enable-source-maps`). */
    iwaBin: string;
  }
}

export {};
