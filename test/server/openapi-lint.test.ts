// The OpenAPI document as its users' tools read it: Redocly's linter (its recommended rules)
// finds no error, nor a warning, in it (the issue asks for no error; none at all costs nothing).
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers.js';

let server: TestServer;
let source: string;

beforeAll(async () => {
  server = await startServer({ demo: false });
  source = await (await server.api('/openapi.json', { token: null })).text();
});

afterAll(async () => server.cleanup());

describe('the OpenAPI document, linted', () => {
  it("has no error nor warning under Redocly's recommended rules", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source, absoluteRef: 'openapi.json', config });
    const said = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location.map((l) => l.pointer).join(', ')}`);
    // Warnings too: the document is generated, so one that appears is a route's declaration to fix.
    expect(said).toEqual([]);
  });
});
