export { EXAMPLE_IDS, EXAMPLES, examplePath, readExample } from './examples.ts';
export type { ExampleId, ExampleStudy } from './examples.ts';
