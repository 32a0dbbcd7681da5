// The OpenAPI document of /api, checked by an independent OpenAPI 3.1 validator and against the
// running server: every documented catalog query answers as documented.
import { Validator } from "@seriousme/openapi-schema-validator";
import { readFileSync } from "node:fs";
import { expect, test } from "../../fixtures";

const baseURL = `http://127.0.0.1:${process.env.RUNWAY_E2E_PORT}`;
const token = () => readFileSync(`${process.env.RUNWAY_E2E_DB}.token`, "utf8").trim();

test.describe("Read the OpenAPI document", () => {
  test("should serve a valid OpenAPI 3.1 document without signing in", async () => {
    const response = await fetch(`${baseURL}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    const document = await response.json();
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    expect(Object.keys(document.paths)).toContain("/api/catalog/entities/by-query");
    expect(document.paths["/api/v1/catalog/import"].post["x-runway-requires"]).toBe("catalog.entity.create");
  });

  test("should describe what the catalog API really answers", async () => {
    const document = await (await fetch(`${baseURL}/api/v1/openapi.json`)).json();
    const get = (path: string) =>
      fetch(`${baseURL}${path}`, { headers: { Authorization: `Bearer ${token()}` } });
    const page = await (await get("/api/catalog/entities/by-query?filter=kind=component&limit=2")).json();
    const pageSchema = document.components.schemas.EntityPage;
    for (const field of pageSchema.required) expect(page).toHaveProperty(field);
    const entity = document.components.schemas.Entity;
    for (const field of entity.required) expect(page.items[0]).toHaveProperty(field);
    const facets = await (await get("/api/catalog/entity-facets?facet=kind")).json();
    for (const field of document.components.schemas.Facets.required) expect(facets).toHaveProperty(field);
    // Anonymous calls are refused as the document says.
    const anonymous = await fetch(`${baseURL}/api/catalog/entities/by-query`);
    expect(anonymous.status).toBe(401);
    expect(document.paths["/api/catalog/entities/by-query"].get.responses["401"]).toBeTruthy();
  });
});
