export { graphTest, testGraphConfig, uniqueStudyId } from './graph-test.ts';
export { discardDetachedNeo4j, discardNeo4j } from './discard-neo4j.ts';
