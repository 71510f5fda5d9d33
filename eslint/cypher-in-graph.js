// Only @iwa/graph holds Cypher (../shared/ARCHITECTURE.md): a lint rule that reports Cypher text
// in a string or template literal anywhere else. Callers use the named functions of @iwa/graph.

/** Patterns that only Cypher has: a clause opening a node pattern, UNWIND of a parameter, schema commands. */
const CYPHER = [
  /\b(?:OPTIONAL\s+MATCH|MATCH|MERGE|CREATE)\s*\(\s*[A-Za-z_]*\s*[:){]/,
  /\bUNWIND\s+\$\w+\s+AS\s+\w+/,
  // Neo4j's schema commands name what they cover with FOR (n:Label); SQL's say ON table(…)
  /\bCREATE\s+(?:CONSTRAINT|INDEX)\b[^;]*?\bFOR\s*[([]/,
  /\bSHOW\s+(?:CONSTRAINTS|INDEXES)\b/,
  /\bDETACH\s+DELETE\b/,
  /\)-\[\s*\w*\s*:\s*`?[A-Z_]+`?[^\]]*\]->/,
];

/** Whether `text` reads as Cypher. */
export function looksLikeCypher(text) {
  return CYPHER.some((p) => p.test(text));
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Cypher text belongs in @iwa/graph only' },
    messages: {
      cypher:
        'Cypher outside @iwa/graph: add a named query or writer to packages/graph (with its inline snapshot) and call it.',
    },
    schema: [],
  },
  create(context) {
    const report = (node, text) => {
      if (looksLikeCypher(text)) context.report({ node, messageId: 'cypher' });
    };
    return {
      Literal(node) {
        if (typeof node.value === 'string') report(node, node.value);
      },
      TemplateLiteral(node) {
        // the literal parts joined by a placeholder, so `MATCH (n:${label})` still reads as Cypher
        report(node, node.quasis.map((q) => q.value.cooked ?? q.value.raw).join('x'));
      },
    };
  },
};

export const iwaPlugin = { rules: { 'no-cypher-outside-graph': rule } };

export const cypherInGraph = [
  {
    name: 'iwa/cypher-in-graph',
    files: ['**/*.ts', '**/*.tsx'],
    // Tests may read the graph directly to check what an import stored.
    ignores: ['packages/graph/**', '**/*.test.ts', '**/*.test.tsx', '**/test/**'],
    plugins: { iwa: iwaPlugin },
    rules: { 'iwa/no-cypher-outside-graph': 'error' },
  },
];
