export { createExplorerServer } from './create-explorer-server.ts';
export type { ExplorerServer, ExplorerServerOptions } from './create-explorer-server.ts';
export { createExplorerApp } from './create-explorer-app.ts';
export type {
  ExplorerApi,
  ExplorerAppOptions,
  ExplorerLogEntry,
  ExplorerLogger,
} from './create-explorer-app.ts';
export type { ExplorerData, DatabaseInfo } from './explorer-data.ts';
export { ExplorerError, type ExplorerErrorCode } from './explorer-error.ts';
export * from './api-types.ts';
export { GraphExplorerData } from './graph-explorer-data.ts';
export { newStudyYaml } from './workbench-import.ts';
