// The explorer API's route types for Hono's typed client (type only: no server code at runtime).
export type { ExplorerApi } from '@iwa/explorer-server';
