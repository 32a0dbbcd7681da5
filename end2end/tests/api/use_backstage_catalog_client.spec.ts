// Backstage's own client library, unchanged, against Runway's /api/catalog.
import { CatalogClient } from "@backstage/catalog-client";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect, test } from "../../fixtures";

const baseURL = `http://127.0.0.1:${process.env.RUNWAY_E2E_PORT}`;

function client(token: string): CatalogClient {
  return new CatalogClient({
    discoveryApi: { getBaseUrl: async () => `${baseURL}/api/catalog` },
    fetchApi: {
      fetch: (input: RequestInfo | URL, init?: RequestInit) => {
        const headers = new Headers(init?.headers);
        headers.set("Authorization", `Bearer ${token}`);
        return fetch(input, { ...init, headers });
      },
    },
  });
}

const catalog = () => client(readFileSync(`${process.env.RUNWAY_E2E_DB}.token`, "utf8").trim());

test.describe("Use Backstage's catalog client", () => {
  test.describe.configure({ mode: "serial" });

  test("should list, query and page entities as Backstage does", async ({ db }) => {
    const components = db.number("SELECT COUNT(*) FROM entities WHERE kind = 'component'");
    const { items } = await catalog().getEntities({ filter: { kind: "Component" } });
    expect(items).toHaveLength(components);
    expect(items.every((e) => e.kind === "Component" && e.metadata.uid)).toBe(true);

    const services = db.number("SELECT COUNT(*) FROM entities WHERE kind = 'component' AND spec_type = 'service'");
    const first = await catalog().queryEntities({
      filter: { kind: "Component", "spec.type": "service" },
      orderFields: { field: "metadata.name", order: "asc" },
      limit: 10,
    });
    expect(first.totalItems).toBe(services);
    expect(first.items).toHaveLength(10);
    const names = first.items.map((e) => e.metadata.name);
    expect(names).toEqual([...names].sort());
    expect(first.pageInfo.nextCursor).toBeTruthy();
    const second = await catalog().queryEntities({ cursor: first.pageInfo.nextCursor!, limit: 10 });
    expect(second.items).toHaveLength(10);
    expect(second.items[0].metadata.name > names[9]).toBe(true);
    expect(second.pageInfo.prevCursor).toBeTruthy();

    const found = await catalog().queryEntities({ fullTextFilter: { term: "ledger" }, limit: 100 });
    expect(found.totalItems).toBe(db.matchingText("ledger"));
  });

  test("should fetch entities by ref and by refs, with relations and fields", async () => {
    const ledger = await catalog().getEntityByRef("component:default/ledger-service");
    expect(ledger?.metadata.name).toBe("ledger-service");
    expect(ledger?.relations).toContainEqual({ type: "ownedBy", targetRef: "group:default/payments" });
    expect(await catalog().getEntityByRef("component:default/no-such-thing")).toBeUndefined();

    const { items } = await catalog().getEntitiesByRefs({
      entityRefs: ["component:default/ledger-service", "component:default/missing", "group:default/payments"],
      fields: ["kind", "metadata.name"],
    });
    expect(items).toEqual([
      { kind: "Component", metadata: { name: "ledger-service" } },
      undefined,
      { kind: "Group", metadata: { name: "payments" } },
    ]);
  });

  test("should count facets", async ({ db }) => {
    const { facets } = await catalog().getEntityFacets({ facets: ["kind", "spec.lifecycle"], filter: { kind: "Component" } });
    expect(facets.kind).toEqual([{ value: "Component", count: db.number("SELECT COUNT(*) FROM entities WHERE kind = 'component'") }]);
    const production = facets["spec.lifecycle"].find((f) => f.value === "production");
    expect(production?.count).toBe(db.number("SELECT COUNT(*) FROM entities WHERE kind = 'component' AND lifecycle = 'production'"));
  });

  test("should validate entities", async () => {
    const valid = await catalog().validateEntity(
      { apiVersion: "backstage.io/v1alpha1", kind: "Component", metadata: { name: "ok" }, spec: { type: "service", lifecycle: "beta", owner: "team-a" } },
      "url:https://example.com/catalog-info.yaml",
    );
    expect(valid).toEqual({ valid: true });
    const invalid = await catalog().validateEntity(
      { apiVersion: "backstage.io/v1alpha1", kind: "Component", metadata: { name: "-bad-" }, spec: { type: "service" } },
      "url:https://example.com/catalog-info.yaml",
    );
    expect(invalid.valid).toBe(false);
    const messages = invalid.valid ? [] : invalid.errors.map((e) => e.message);
    expect(messages).toContainEqual(expect.stringContaining("metadata.name"));
    expect(messages).toContainEqual(expect.stringContaining("spec.owner: required for a Component"));
  });

  test("should register, refresh and remove a location, and delete an entity", async () => {
    const target = resolve(__dirname, "../../../testdata/backstage-examples");
    const dry = await catalog().addLocation({ type: "file", target, dryRun: true });
    expect(dry.exists).toBe(false);
    expect(await catalog().getEntityByRef("component:default/artist-lookup")).toBeUndefined();

    const added = await catalog().addLocation({ type: "file", target });
    expect(added.location.target).toBe(target);
    expect(added.entities).toHaveLength(57);
    const { items: locations } = await catalog().getLocations();
    expect(locations.map((l) => l.target)).toContain(target);
    expect(await catalog().getLocationById(added.location.id)).toMatchObject({ id: added.location.id, type: "file", target });

    const artist = await catalog().getEntityByRef("component:default/artist-lookup");
    expect(artist?.metadata.annotations?.["backstage.io/managed-by-location"]).toBe(`file:${target}/components/artist-lookup-component.yaml`);
    await catalog().refreshEntity("component:default/artist-lookup");

    await catalog().removeEntityByUid(artist!.metadata.uid!);
    expect(await catalog().getEntityByRef("component:default/artist-lookup")).toBeUndefined();

    await catalog().removeLocationById(added.location.id);
    expect(await catalog().getLocationById(added.location.id)).toBeUndefined();
  });

  test("should refuse forged tokens", async () => {
    await expect(client("rwt_forged").getEntities()).rejects.toThrow(/401/);
  });
});
