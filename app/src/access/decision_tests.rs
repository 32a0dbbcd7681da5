//! Decision tests: roles, team ownership, binding scopes, explanations and list scopes.

use super::*;

const PAYMENTS: &str = "group:default/payments";
const CHECKOUT: &str = "group:default/checkout";
const LEDGER: Target<'static> = Target {
    entity_ref: "component:default/ledger",
    owner_ref: Some(PAYMENTS),
};
const CART: Target<'static> = Target {
    entity_ref: "component:default/cart",
    owner_ref: Some(CHECKOUT),
};
const ORPHAN: Target<'static> = Target {
    entity_ref: "component:default/orphan",
    owner_ref: None,
};

fn principal(id: &str, teams: &[&str]) -> Principal {
    Principal {
        user_id: id.into(),
        login: id.into(),
        active: true,
        teams: teams.iter().map(|t| t.to_string()).collect(),
    }
}

fn binding(id: &str, subject: Subject, role: &str, scope: Option<&str>) -> RoleBinding {
    RoleBinding {
        id: id.into(),
        subject,
        role: role.into(),
        scope: scope.map(str::to_owned),
        source: "admin".into(),
    }
}

fn policy() -> Policy {
    Policy::new(
        builtin_roles(),
        [
            binding("b-dev", Subject::Team(PAYMENTS.into()), "developer", None),
            binding("b-admin", Subject::User("root".into()), "admin", None),
            binding("b-view", Subject::User("vic".into()), "viewer", None),
            binding(
                "b-mgr",
                Subject::User("mia".into()),
                "manager",
                Some(CHECKOUT),
            ),
            binding(
                "b-contract",
                Subject::User("con".into()),
                "developer",
                Some(CHECKOUT),
            ),
            binding("b-ghost", Subject::User("gus".into()), "no-such-role", None),
        ],
    )
}

fn check(
    who: &Principal,
    permission: Permission,
    target: Option<Target<'_>>,
    expected: Result<&str, &str>,
) {
    let decision = policy().decide(who, permission, target);
    let summary = match &decision.reason {
        Reason::Granted { binding, .. } => Ok(binding.id.clone()),
        Reason::Inactive => Err("inactive".to_owned()),
        Reason::NotGranted => Err("not granted".to_owned()),
        Reason::NotOwned { bindings, .. } => Err(format!(
            "not owned ({})",
            bindings
                .iter()
                .map(|b| b.id.as_str())
                .collect::<Vec<_>>()
                .join(",")
        )),
    };
    assert_eq!(decision.allowed, summary.is_ok(), "{decision:?}");
    assert_eq!(
        summary,
        expected.map(str::to_owned).map_err(str::to_owned),
        "{} {permission} {target:?}",
        who.login
    );
}

#[test]
fn developers_change_what_their_teams_own() {
    let ada = principal("ada", &[PAYMENTS]);
    check(
        &ada,
        Permission::CatalogEntityUpdate,
        Some(LEDGER),
        Ok("b-dev"),
    );
    check(
        &ada,
        Permission::DeploymentTrigger,
        Some(LEDGER),
        Ok("b-dev"),
    );
    check(
        &ada,
        Permission::CatalogEntityUpdate,
        Some(CART),
        Err("not owned (b-dev)"),
    );
    check(
        &ada,
        Permission::CatalogEntityUpdate,
        Some(ORPHAN),
        Err("not owned (b-dev)"),
    );
    check(&ada, Permission::CatalogEntityRead, Some(CART), Ok("b-dev"));
    check(&ada, Permission::TemplateRun, None, Ok("b-dev"));
    check(&ada, Permission::AdminRolesManage, None, Err("not granted"));
    check(
        &ada,
        Permission::DeploymentApprove,
        Some(LEDGER),
        Err("not granted"),
    );
}

#[test]
fn without_a_target_entity_permissions_need_to_hold_everywhere() {
    check(
        &principal("ada", &[PAYMENTS]),
        Permission::CatalogEntityUpdate,
        None,
        Err("not owned (b-dev)"),
    );
    check(
        &principal("root", &[]),
        Permission::CatalogEntityUpdate,
        None,
        Ok("b-admin"),
    );
}

#[test]
fn bindings_can_be_limited_to_one_team_s_entities() {
    // A contractor bound as developer for checkout's entities, but not a member of checkout:
    // the developer role reaches only their own teams' entities, so nothing is allowed.
    let con = principal("con", &[]);
    check(
        &con,
        Permission::CatalogEntityUpdate,
        Some(CART),
        Err("not owned (b-contract)"),
    );
    check(
        &con,
        Permission::CatalogEntityRead,
        Some(CART),
        Ok("b-contract"),
    );
    check(
        &con,
        Permission::CatalogEntityRead,
        Some(LEDGER),
        Err("not owned (b-contract)"),
    );
    // The same binding for a checkout member allows changing checkout's entities.
    check(
        &principal("con", &[CHECKOUT]),
        Permission::CatalogEntityUpdate,
        Some(CART),
        Ok("b-contract"),
    );
    // A manager scoped to checkout approves checkout deployments only if checkout is their team.
    let mia = principal("mia", &[CHECKOUT]);
    check(&mia, Permission::DeploymentApprove, Some(CART), Ok("b-mgr"));
    check(
        &mia,
        Permission::DeploymentApprove,
        Some(LEDGER),
        Err("not owned (b-mgr)"),
    );
    check(&mia, Permission::MetricsView, None, Ok("b-mgr"));
}

#[test]
fn inactive_users_and_unknown_roles_get_nothing() {
    let mut root = principal("root", &[]);
    root.active = false;
    check(
        &root,
        Permission::CatalogEntityRead,
        Some(LEDGER),
        Err("inactive"),
    );
    assert_eq!(
        policy().scope(&root, Permission::CatalogEntityRead),
        Scope::Owners(BTreeSet::new())
    );
    check(
        &principal("gus", &[]),
        Permission::CatalogEntityRead,
        Some(LEDGER),
        Err("not granted"),
    );
    check(
        &principal("nobody", &[]),
        Permission::CatalogEntityRead,
        Some(LEDGER),
        Err("not granted"),
    );
}

#[test]
fn scopes_filter_lists() {
    let p = policy();
    let owners = |teams: &[&str]| Scope::Owners(teams.iter().map(|t| t.to_string()).collect());
    let ada = principal("ada", &[PAYMENTS, CHECKOUT]);
    assert_eq!(p.scope(&ada, Permission::CatalogEntityRead), Scope::All);
    assert_eq!(
        p.scope(&ada, Permission::CatalogEntityUpdate),
        owners(&[PAYMENTS, CHECKOUT]),
        "reach covers all own teams"
    );
    assert_eq!(
        p.scope(&principal("vic", &[]), Permission::CatalogEntityUpdate),
        owners(&[])
    );
    assert_eq!(
        p.scope(
            &principal("vic", &[PAYMENTS]),
            Permission::CatalogEntityUpdate
        ),
        owners(&[PAYMENTS]),
        "team bindings count"
    );
    assert_eq!(
        p.scope(&principal("con", &[]), Permission::CatalogEntityRead),
        owners(&[CHECKOUT])
    );
    assert_eq!(
        p.scope(&principal("mia", &[]), Permission::DeploymentApprove),
        owners(&[])
    );
    assert_eq!(
        p.scope(&principal("root", &[]), Permission::AuditRead),
        Scope::All
    );
    assert!(owners(&[CHECKOUT]).covers(Some(CHECKOUT)) && !owners(&[CHECKOUT]).covers(None));
    assert!(Scope::All.covers(None));
}

#[test]
fn effective_permissions_list_only_what_holds_somewhere() {
    let p = policy();
    let vic = p.effective(&principal("vic", &[]));
    assert_eq!(
        vic.keys().copied().collect::<Vec<_>>(),
        [Permission::CatalogEntityRead]
    );
    let root = p.effective(&principal("root", &[]));
    assert_eq!(root.len(), Permission::ALL.len());
    assert!(root.values().all(|s| *s == Scope::All));
}

#[test]
fn builtin_roles_are_the_documented_four() {
    let names: Vec<String> = builtin_roles().into_iter().map(|r| r.name).collect();
    assert_eq!(names, ["viewer", "developer", "manager", "admin"]);
    let developer = builtin_roles()
        .into_iter()
        .find(|r| r.name == "developer")
        .unwrap();
    assert_eq!(
        developer.grants.get(&Permission::CatalogEntityUpdate),
        Some(&Reach::OwnTeams)
    );
    assert!(!developer.grants.contains_key(&Permission::AdminUsersManage));
}
