// A real OpenID Connect provider for the browser tests: npm oidc-provider on 127.0.0.1 with a
// static client for Runway, PKCE required, development sign-in pages (any password works) and
// test people whose groups map to portal roles and teams.
import Provider from "oidc-provider";

const port = Number(process.env.RUNWAY_E2E_IDP_PORT);
const runway = `http://127.0.0.1:${process.env.RUNWAY_E2E_PORT}`;

/** The groups each test person belongs to at the provider. */
const GROUPS = {
  "sso-admin": ["platform-admins"],
  "sso-dev": ["developers", "checkout"],
};

const title = (id) => id.split("-").map((w) => w[0].toUpperCase() + w.slice(1)).join(" ");

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: "runway",
      client_secret: "runway-e2e-secret",
      redirect_uris: [`${runway}/auth/oidc/callback`],
      response_types: ["code"],
      grant_types: ["authorization_code"],
    },
  ],
  pkce: { required: () => true },
  scopes: ["openid", "email", "profile", "groups"],
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "preferred_username"], groups: ["groups"] },
  // Puts the requested claims (groups among them) in the ID token itself.
  conformIdTokenClaims: false,
  findAccount: async (_ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: `sub-${id}`, email: `${id}@idp.example`, email_verified: true, name: title(id), preferred_username: id, groups: GROUPS[id] ?? [] }),
  }),
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ["runway-e2e-only"] },
});

provider.listen(port, "127.0.0.1", () => console.log(`identity provider listening on ${port}`));
