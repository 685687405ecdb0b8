import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3 } from 'openapi-types';
import { listRoutes } from '../support/routes';
import { startTestApp, TestApp } from '../support/test-app';

/** The API describes itself (OpenAPI 3 at /api/docs.json, pages at /api/docs) and every answer carries a request id. */
describe('OpenAPI document and request ids (e2e)', () => {
  let t: TestApp;
  let doc: OpenAPIV3.Document & {
    paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  };

  beforeAll(async () => {
    t = await startTestApp();
    const res = await t.http().get('/api/docs.json');
    expect(res.status).toBe(200);
    doc = res.body;
  });
  afterAll(() => t.close());

  it('serves a valid OpenAPI 3 document without a token', async () => {
    expect(doc.openapi ?? '').toMatch(/^3\./);
    // The validator dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
    const page = await t.http().get('/api/docs/');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/swagger-ui/i);
  });

  it('describes every API route the application maps, with its error answers', () => {
    const routes = listRoutes(t.app).filter(
      (r) => /^\w+ \/api\//.test(r) && !/^GET \/api\/docs\b/.test(r),
    );
    expect(routes.length).toBeGreaterThan(25);
    const missing: string[] = [];
    const withoutErrors: string[] = [];
    for (const route of routes) {
      const [method, path] = route.split(' ');
      const op = doc.paths[path.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
      if (!op) missing.push(route);
      else if (!Object.keys(op.responses ?? {}).some((status) => /^[45]\d\d$/.test(status)))
        withoutErrors.push(route);
    }
    expect(missing).toEqual([]);
    expect(withoutErrors).toEqual([]);
    // Nothing else: the web pages are not API routes.
    expect(Object.keys(doc.paths).filter((p) => !p.startsWith('/api/'))).toEqual([]);
  });

  it('documents request bodies from the DTO schemas', () => {
    const bodySchema = (path: string, method: string) => {
      const op = doc.paths[path][method] as unknown as OpenAPIV3.OperationObject;
      const ref = (
        (op.requestBody as OpenAPIV3.RequestBodyObject).content['application/json']
          .schema as OpenAPIV3.ReferenceObject
      ).$ref;
      return doc.components!.schemas![ref.split('/').pop()!] as OpenAPIV3.SchemaObject;
    };
    expect(bodySchema('/api/reports/{id}', 'patch').required).toContain('version');
    expect(Object.keys(bodySchema('/api/periods', 'post').properties!)).toEqual(
      expect.arrayContaining(['code', 'label', 'cutoffFrom', 'cutoffTo', 'forms', 'deadlines']),
    );
    expect(Object.keys(bodySchema('/api/reports/{id}/events', 'post').properties!)).toEqual([
      'type',
      'version',
      'comment',
      'authority',
      'issueDate',
      'filingUnit',
    ]);
    expect(
      (bodySchema('/api/reports/{id}/events', 'post').properties!.type as OpenAPIV3.SchemaObject)
        .enum,
    ).toEqual(['REQUEST_SIGNATURE', 'SIGN', 'SUBMIT', 'RETURN', 'ACKNOWLEDGE']);
  });

  it('answers every request with a request id, keeping one a proxy sent', async () => {
    const fresh = await t.http().get('/api/health');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const given = await t.http().get('/api/health').set('X-Request-Id', 'proxy-1234abcd');
    expect(given.headers['x-request-id']).toBe('proxy-1234abcd');
    const refused = await t.http().get('/api/health').set('X-Request-Id', '<script>');
    expect(refused.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
