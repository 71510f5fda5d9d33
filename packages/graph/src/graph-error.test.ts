import { Neo4jError } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { toGraphError, unavailableError } from './graph-error.ts';

/** What the driver says when nothing listens on the Bolt port. */
const refused = (): Neo4jError =>
  new Neo4jError('connect ECONNREFUSED 127.0.0.1:7687', 'ServiceUnavailable', '', '');

describe('toGraphError and unavailableError', () => {
  it('a stopped server (ServiceUnavailable) is unavailable, with the code and the hint', () => {
    const driverError = refused();
    const e = toGraphError(driverError);
    expect(e).toMatchObject({
      code: 'unavailable',
      neo4jCode: 'ServiceUnavailable',
      cause: driverError,
    });
    expect(e.message).toBe(
      'Neo4j query: the Neo4j server is unavailable (connect ECONNREFUSED 127.0.0.1:7687). Start it with `iwa db start` or check NEO4J_URI.',
    );
  });

  it("an error that is not the driver's is query_failed with its message", () => {
    const e = toGraphError(
      new TypeError("Cannot read properties of undefined (reading 'onCompleted')"),
    );
    expect(e.code).toBe('query_failed');
    expect(e.message).toBe(
      "Neo4j query: Cannot read properties of undefined (reading 'onCompleted')",
    );
  });

  it('unavailableError quotes what showed the server gone and keeps the error it replaces as the cause', () => {
    const late = new TypeError("Cannot read properties of undefined (reading 'onCompleted')");
    const probe = refused();
    const e = unavailableError(probe, 'Neo4j query', late);
    expect(e).toMatchObject({ code: 'unavailable', neo4jCode: 'ServiceUnavailable', cause: late });
    expect(e.message).toContain('unavailable (connect ECONNREFUSED 127.0.0.1:7687)');
  });
});
