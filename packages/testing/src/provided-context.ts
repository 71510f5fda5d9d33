/** What the globalSetup hands to the tests through `inject()`. */
declare module 'vitest' {
  export interface ProvidedContext {
    neo4jUri: string;
    neo4jUser: string;
    neo4jPassword: string;
    neo4jDatabase: string;
    neo4jStartedByRun: boolean;
  }
}

export {};
