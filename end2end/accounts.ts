// The accounts the browser tests sign in with: the first administrator (its password is set by
// start-server.sh) and the demo accounts the demo seed creates.
export const ACCOUNTS = {
  admin: { login: "admin", password: "admin-password", name: "Administrator" },
  developer: { login: "developer", password: "demo-password", name: "Dana Developer" },
  manager: { login: "manager", password: "demo-password", name: "Morgan Manager" },
  viewer: { login: "viewer", password: "demo-password", name: "Vic Viewer" },
} as const;

export type Role = keyof typeof ACCOUNTS;

/** The saved session of a role, for `test.use({ storageState })`. */
export const sessionOf = (role: Role) => `.auth/${role}.json`;

/** A browser context with nobody signed in. */
export const signedOut = { cookies: [], origins: [] };
