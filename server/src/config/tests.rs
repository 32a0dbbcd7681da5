//! Tests of settings: precedence, defaults and the one-line errors.

use super::*;

fn raw(pairs: &[(&str, &str)]) -> RawSettings {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| *key == k)
            .map(|(_, v)| v.to_string())
    };
    RawSettings {
        addr: get("addr"),
        database_url: get("database_url"),
        public_url: get("public_url"),
        demo: get("demo"),
        log_format: get("log_format"),
        log: get("log"),
        site_root: get("site_root"),
        admin_password: get("admin_password"),
        session_secret: get("session_secret"),
        session_hours: get("session_hours"),
        local_sign_in: get("local_sign_in"),
        oidc_issuer: get("oidc_issuer"),
        oidc_client_id: get("oidc_client_id"),
        oidc_client_secret: get("oidc_client_secret"),
        oidc_scopes: get("oidc_scopes"),
        oidc_groups_claim: get("oidc_groups_claim"),
        oidc_group_roles: get("oidc_group_roles"),
        oidc_group_teams: get("oidc_group_teams"),
        oidc_label: None,
        catalog_allowed_hosts: get("catalog_allowed_hosts"),
        catalog_private_networks: get("catalog_private_networks"),
        trusted_proxies: get("trusted_proxies"),
        session_max_hours: get("session_max_hours"),
        oidc_email_domains: get("oidc_email_domains"),
        shutdown_seconds: get("shutdown_seconds"),
        data_dir: get("data_dir"),
        integrations: None,
    }
}

#[test]
fn git_integrations_are_read_from_the_file_and_checked() {
    let file: RawSettings = toml::from_str(
        r#"
[[integrations.git]]
host = "GitHub.com"
url = "file:///srv/git/{owner}/{repo}.git"

[[integrations.git]]
host = "git.example.com"
url = "https://git.example.com/{owner}/{repo}.git"
token = "t0ken"
"#,
    )
    .unwrap();
    let s = raw(&[]).or(file.clone()).check().unwrap();
    assert_eq!(s.git_hosts.len(), 2);
    assert_eq!(s.git_hosts[0].host, "github.com");
    assert_eq!(s.git_hosts[1].token.as_deref(), Some("t0ken"));
    for bad in [
        "[[integrations.git]]\nhost = \"a/b\"\nurl = \"file:///x/{repo}\"",
        "[[integrations.git]]\nhost = \"h\"\nurl = \"ftp://x/{repo}\"",
        "[[integrations.git]]\nhost = \"h\"\nurl = \"file:///x/fixed\"",
        "[[integrations.git]]\nhost = \"h\"\nurl = \"file:///x/{repo}\"\napi = \"github\"",
        "[[integrations.git]]\nhost = \"h\"\nurl = \"file:///x/{repo}\"\nsecret = 1",
    ] {
        let parsed: Result<RawSettings, _> = toml::from_str(bad);
        let checked = parsed
            .map_err(|e| e.to_string())
            .and_then(|f| raw(&[]).or(f).check().map_err(|e| e.to_string()));
        assert!(checked.is_err(), "{bad}");
    }
    // A demo server publishes github.com repositories beside its database.
    let demo = raw(&[
        ("demo", "true"),
        ("database_url", "sqlite:///tmp/demo/runway.db"),
    ])
    .check()
    .unwrap();
    assert_eq!(
        demo.git_hosts[0].url,
        "file:///tmp/demo/git/{owner}/{repo}.git"
    );
    assert!(raw(&[]).check().unwrap().git_hosts.is_empty());
}

/// The installation's own files go to the data directory: given, or beside the SQLite
/// database, or ./data; a demo publishes there, and tasks work in its `tasks` folder.
#[test]
fn the_data_directory_is_given_or_beside_the_database() {
    let cwd = std::env::current_dir().unwrap();
    for (pairs, expected) in [
        (vec![], cwd.join("data")),
        (
            vec![("database_url", "sqlite:///srv/rw/runway.db?mode=rwc")],
            PathBuf::from("/srv/rw"),
        ),
        (
            vec![("database_url", "postgres://runway@db/runway")],
            cwd.join("data"),
        ),
        (
            vec![
                ("database_url", "sqlite:///srv/rw/runway.db"),
                ("data_dir", "/var/lib/runway"),
            ],
            PathBuf::from("/var/lib/runway"),
        ),
    ] {
        let settings = raw(&pairs).check().unwrap();
        assert_eq!(settings.data_dir, expected, "{pairs:?}");
    }
    let demo = raw(&[("demo", "true"), ("data_dir", "/var/lib/runway")])
        .check()
        .unwrap();
    assert_eq!(
        demo.git_hosts[0].url,
        "file:///var/lib/runway/git/{owner}/{repo}.git"
    );
}

#[test]
fn hardening_settings_are_checked() {
    let s = raw(&[
        ("trusted_proxies", "10.0.0.0/8, 192.0.2.7,2001:db8::/32"),
        ("session_hours", "2"),
        ("catalog_private_networks", "yes"),
    ])
    .check()
    .unwrap();
    let proxies: Vec<String> = s.trusted_proxies.iter().map(|n| n.to_string()).collect();
    assert_eq!(proxies, ["10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32"]);
    assert_eq!((s.session_hours, s.session_max_hours), (2, 24));
    assert!(s.catalog_private_networks);
    check_error(
        &[("trusted_proxies", "10.0.0.0/8,proxy.local")],
        "invalid RUNWAY_TRUSTED_PROXIES \"proxy.local\": expected addresses or CIDR ranges such as 10.0.0.0/8, separated by commas",
    );
    check_error(
        &[("session_hours", "48"), ("session_max_hours", "12")],
        "invalid RUNWAY_SESSION_MAX_HOURS \"12\": must be at least RUNWAY_SESSION_HOURS",
    );
    assert_eq!(
        raw(&[("session_hours", "48")])
            .check()
            .unwrap()
            .session_max_hours,
        48
    );
}

fn check_error(pairs: &[(&str, &str)], message: &str) {
    assert_eq!(raw(pairs).check().unwrap_err().to_string(), message);
}

#[test]
fn catalog_hosts_are_a_list_of_names() {
    let settings = raw(&[(
        "catalog_allowed_hosts",
        " Raw.GitHubUserContent.com, ,example.org",
    )])
    .check()
    .unwrap();
    assert_eq!(
        settings.catalog_allowed_hosts,
        ["raw.githubusercontent.com", "example.org"]
    );
    check_error(
        &[("catalog_allowed_hosts", "https://example.org/")],
        "invalid RUNWAY_CATALOG_ALLOWED_HOSTS \"https://example.org/\": expected host names such as raw.githubusercontent.com, separated by commas",
    );
}

#[test]
fn defaults() {
    let s = RawSettings::default().check().unwrap();
    assert_eq!(s.addr.to_string(), "127.0.0.1:3000");
    assert_eq!(s.database_url, "sqlite://data/runway.db");
    assert_eq!(s.public_url, "http://127.0.0.1:3000");
    assert!(!s.demo);
    assert_eq!(s.log_format, LogFormat::Human);
    assert_eq!(s.log, "info");
    assert_eq!(s.site_root, PathBuf::from("target/site"));
}

#[test]
fn given_values_are_used() {
    let s = raw(&[
        ("addr", "0.0.0.0:8080"),
        ("database_url", "postgres://runway@db/runway"),
        ("public_url", "https://runway.example.com/"),
        ("demo", "TRUE"),
        ("log_format", "json"),
        ("site_root", "/srv/runway/site"),
    ])
    .check()
    .unwrap();
    assert_eq!(s.addr.port(), 8080);
    assert_eq!(
        s.public_url, "https://runway.example.com",
        "the trailing slash goes"
    );
    assert!(s.demo);
    assert_eq!(s.log_format, LogFormat::Json);
    assert_eq!(s.site_root, PathBuf::from("/srv/runway/site"));
    assert_eq!(
        raw(&[("addr", "127.0.0.1:4000")])
            .check()
            .unwrap()
            .public_url,
        "http://127.0.0.1:4000"
    );
}

#[test]
fn errors_name_the_setting() {
    check_error(
        &[("addr", "localhost")],
        r#"invalid RUNWAY_ADDR "localhost": expected IP:PORT, e.g. 127.0.0.1:3000"#,
    );
    check_error(
        &[("database_url", "mysql://x")],
        r#"invalid RUNWAY_DATABASE_URL "mysql://x": unsupported database URL: it must start with sqlite: or postgres://"#,
    );
    check_error(
        &[("public_url", "runway.example.com")],
        r#"invalid RUNWAY_PUBLIC_URL "runway.example.com": expected an http:// or https:// URL"#,
    );
    check_error(
        &[("demo", "maybe")],
        r#"invalid RUNWAY_DEMO "maybe": expected true or false"#,
    );
    check_error(
        &[("log_format", "xml")],
        r#"invalid RUNWAY_LOG_FORMAT "xml": expected human or json"#,
    );
    let log = raw(&[("log", "runway=loud")])
        .check()
        .unwrap_err()
        .to_string();
    assert!(
        log.starts_with(r#"invalid RUNWAY_LOG "runway=loud": "#),
        "{log}"
    );
}

#[test]
fn flags_and_environment_win_over_the_file() {
    let merged =
        raw(&[("addr", "127.0.0.1:1")]).or(raw(&[("addr", "127.0.0.1:2"), ("demo", "true")]));
    assert_eq!(merged.addr.as_deref(), Some("127.0.0.1:1"));
    assert_eq!(merged.demo.as_deref(), Some("true"));
}

#[test]
fn files() {
    let dir = std::env::temp_dir().join(format!("runway-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.toml");
    std::fs::write(&good, "addr = \"127.0.0.1:9000\"\ndemo = \"true\"\n").unwrap();
    assert_eq!(
        read_file(&good, true).unwrap(),
        raw(&[("addr", "127.0.0.1:9000"), ("demo", "true")])
    );

    let unknown = dir.join("unknown.toml");
    std::fs::write(&unknown, "adr = \"127.0.0.1:9000\"\n").unwrap();
    let error = read_file(&unknown, true).unwrap_err().to_string();
    assert!(error.contains("unknown field `adr`"), "{error}");

    let missing = dir.join("missing.toml");
    assert_eq!(
        read_file(&missing, false).unwrap(),
        RawSettings::default(),
        "the default file is optional"
    );
    let error = read_file(&missing, true).unwrap_err().to_string();
    assert!(
        error.starts_with(&format!(
            "cannot read the configuration file {}",
            missing.display()
        )),
        "{error}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn access_settings() {
    let s = RawSettings::default().check().unwrap();
    assert_eq!(
        (
            s.session_hours,
            s.local_sign_in,
            s.admin_password,
            s.session_secret
        ),
        (8, true, None, None)
    );
    let s = raw(&[
        ("session_hours", "12"),
        ("local_sign_in", "off"),
        ("session_secret", &"k".repeat(32)),
    ])
    .check()
    .unwrap();
    assert_eq!((s.session_hours, s.local_sign_in), (12, false));
    check_error(
        &[("session_hours", "0")],
        r#"invalid RUNWAY_SESSION_HOURS "0": expected a whole number of hours from 1 to 720"#,
    );
    check_error(
        &[("session_secret", "short")],
        r#"invalid RUNWAY_SESSION_SECRET "*****": expected at least 32 characters"#,
    );
    check_error(
        &[("admin_password", "hunter2")],
        r#"invalid RUNWAY_ADMIN_PASSWORD "********": a password has at least 12 characters"#,
    );
    check_error(
        &[("local_sign_in", "maybe")],
        r#"invalid RUNWAY_LOCAL_SIGN_IN "maybe": expected true or false"#,
    );
}

#[test]
fn single_sign_on_settings() {
    assert_eq!(RawSettings::default().check().unwrap().oidc, None);
    let base = [
        ("oidc_issuer", "https://idp.example.com/"),
        ("oidc_client_id", "runway"),
        ("oidc_client_secret", "s3cret"),
    ];
    let oidc = raw(&base).check().unwrap().oidc.unwrap();
    assert_eq!(oidc.issuer, "https://idp.example.com");
    assert_eq!(oidc.scopes, ["openid", "email", "profile", "groups"]);
    assert_eq!(oidc.groups_claim, "groups");
    assert_eq!(oidc.label, "Sign in with SSO");
    let mut more = base.to_vec();
    more.extend([
        ("oidc_scopes", "email"),
        ("oidc_group_roles", "admins=admin"),
        ("oidc_group_teams", "pay=payments"),
    ]);
    let oidc = raw(&more).check().unwrap().oidc.unwrap();
    assert_eq!(
        oidc.scopes,
        ["openid", "email"],
        "openid is always asked for"
    );
    assert_eq!(oidc.group_roles["admins"], ["admin"]);
    assert_eq!(oidc.group_teams["pay"], ["group:default/payments"]);
    check_error(
        &[("oidc_issuer", "https://idp.example.com")],
        r#"invalid RUNWAY_OIDC_CLIENT_ID "": required when RUNWAY_OIDC_ISSUER is set"#,
    );
    check_error(
        &[("oidc_issuer", "idp.example.com")],
        r#"invalid RUNWAY_OIDC_ISSUER "idp.example.com": expected an http:// or https:// URL"#,
    );
    let mut bad = base.to_vec();
    bad.push(("oidc_group_roles", "admins"));
    check_error(
        &bad,
        r#"invalid RUNWAY_OIDC_GROUP_ROLES "admins": "admins" is not group=value"#,
    );
}
