export { graphTest, testGraphConfig, uniqueStudyId } from './graph-test.ts';
