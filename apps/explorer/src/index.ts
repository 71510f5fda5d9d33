export { createExplorerServer } from './server/create-explorer-server.ts';
export type { ExplorerServer, ExplorerServerOptions } from './server/create-explorer-server.ts';
export { createExplorerApp } from './server/create-explorer-app.ts';
export type {
  ExplorerAppOptions,
  ExplorerLogEntry,
  ExplorerLogger,
} from './server/create-explorer-app.ts';
export type { ExplorerData, DatabaseInfo } from './server/explorer-data.ts';
export { ExplorerError, type ExplorerErrorCode } from './server/explorer-error.ts';
export * from './shared/api-types.ts';
export { GraphExplorerData } from './server/graph-explorer-data.ts';
export { ensureExplorerUi, UI_DIR } from './server/build-ui.ts';
