export { graphTest, testGraphConfig, uniqueStudyId } from './graph-test.ts';
export {
  discardDetachedNeo4j,
  discardNeo4j,
  TEST_NEO4J_SETTINGS,
  THROWAWAY_NEO4J_JAVA_OPTIONS,
} from './discard-neo4j.ts';
