//! The actions a template step may name: Backstage's built-in ones that templates use, and
//! Runway's own. A template naming any other is refused when it is registered, not when it runs.

/// Every action Runway runs, by the id templates use.
pub const ACTIONS: &[&str] = &[
    "fetch:plain",
    "fetch:plain:file",
    "fetch:template",
    "fetch:template:file",
    "publish:git",
    "publish:github",
    "publish:gitlab",
    "catalog:register",
    "catalog:write",
    "catalog:fetch",
    "debug:log",
    "debug:wait",
    "notification:send",
    "runway:environment:create",
    "runway:deploy",
    "runway:wait-for",
];

/// Whether a step may use `action`.
pub fn is_known_action(action: &str) -> bool {
    ACTIONS.contains(&action)
}
