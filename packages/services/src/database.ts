// The database as the apps reach it (`@iwa/services/database`): the connection to Neo4j, its
// health and schema, and the stored studies' lifecycle. The apps import `@iwa/graph` for types
// only; the connection itself is the graph package's, passed through here unchanged. Light: a
// command that manages the database or the list of studies loads none of the analysis, import
// or REFI code.
export {
  applyMigrations,
  checkHealth,
  createGraph,
  describeGraphConfig,
  graphConfigFromEnv,
  GraphError,
  type CreateGraphOptions,
  type DeleteProgress,
  type Graph,
  type GraphConfig,
  type Health,
  type MigrationResult,
  type StudySummary,
} from '@iwa/graph';
export {
  hasStudy,
  removeStudy,
  requireStudy,
  storedCodebook,
  storedStudy,
  studySummaries,
} from './study-store.ts';
