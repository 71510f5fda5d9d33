export {
  startLocalNeo4j,
  stopLocalNeo4j,
  localNeo4jStatus,
  type LocalNeo4j,
  type LocalNeo4jOptions,
  type LocalNeo4jMemory,
  type LocalNeo4jState,
} from './start-local-neo4j.ts';
export {
  assertJava,
  ensureLauncherBuilt,
  javaMajorVersion,
  launcherProjectDir,
} from './launcher-build.ts';
export { Neo4jLocalError, NO_JAVA_ADVICE, type Neo4jLocalErrorCode } from './neo4j-local-error.ts';
export {
  importOffline,
  type OfflineImportFile,
  type OfflineImportOptions,
  type OfflineImportResult,
} from './import-offline.ts';
