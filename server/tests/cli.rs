//! The `runway` binary as operators use it: settings errors, commands, logs, start and stop.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn runway(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_runway"));
    command
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("runway runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("runway-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn an_invalid_setting_stops_start_up_with_one_line_naming_it() {
    let dir = temp_dir("invalid");
    for (key, value, expected) in [
        (
            "RUNWAY_ADDR",
            "localhost",
            "runway: invalid RUNWAY_ADDR \"localhost\": expected IP:PORT, e.g. 127.0.0.1:3000\n",
        ),
        (
            "RUNWAY_DEMO",
            "sometimes",
            "runway: invalid RUNWAY_DEMO \"sometimes\": expected true or false\n",
        ),
        ("RUNWAY_CONFIG", "missing.toml", ""),
    ] {
        let output = runway(&dir, &["migrate"], &[(key, value)]);
        assert_eq!(output.status.code(), Some(2), "{key}={value}");
        let err = stderr(&output);
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        if expected.is_empty() {
            assert!(
                err.starts_with("runway: cannot read the configuration file missing.toml"),
                "{err}"
            );
        } else {
            assert_eq!(err, expected);
        }
    }
    std::fs::write(dir.join("runway.toml"), "addr = \"nowhere\"\n").unwrap();
    let output = runway(&dir, &["migrate"], &[]);
    assert_eq!(
        stderr(&output),
        "runway: invalid RUNWAY_ADDR \"nowhere\": expected IP:PORT, e.g. 127.0.0.1:3000\n",
        "runway.toml is read"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn migrate_and_seed_demo_log_json_on_request_and_refuse_a_second_seed() {
    let dir = temp_dir("seed");
    let env = [("RUNWAY_LOG_FORMAT", "json")];
    let migrate = runway(&dir, &["migrate"], &env);
    assert!(migrate.status.success(), "{}", stderr(&migrate));
    assert!(
        dir.join("data/runway.db").is_file(),
        "the default database is ./data/runway.db"
    );
    let line = stderr(&migrate)
        .lines()
        .find(|l| l.contains("migrations applied"))
        .map(str::to_owned)
        .expect("a log line");
    let json: serde_json::Value = serde_json::from_str(&line).expect("JSON logs");
    assert_eq!(json["level"], "INFO");
    assert_eq!(json["fields"]["backend"], "sqlite");

    let seed = runway(&dir, &["seed-demo", "--seed", "3"], &env);
    assert!(seed.status.success(), "{}", stderr(&seed));
    let out = String::from_utf8_lossy(&seed.stdout);
    assert!(
        out.starts_with("Seeded demo data (seed 3): ")
            && out.contains(" catalog entities, 4 environments, "),
        "{out}"
    );
    let again = runway(&dir, &["seed-demo"], &[]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("demo data goes only into an empty database"),
        "{}",
        stderr(&again)
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn serve_refuses_to_start_without_a_built_site() {
    let dir = temp_dir("nosite");
    let output = runway(&dir, &["serve"], &[("RUNWAY_SITE_ROOT", "nowhere")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("the site is not built: nowhere/pkg holds no runway.wasm"),
        "{}",
        stderr(&output)
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// Sends one HTTP/1.1 request with plain TCP (to stay free of client crates) and returns the
/// status and the whole response, headers included.
fn http(port: u16, request: &str) -> Option<(u16, String)> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, response))
}

fn http_get(port: u16, path: &str, cookie: &str) -> Option<(u16, String)> {
    http(
        port,
        &format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
        ),
    )
}

/// Kills the server if the test fails before stopping it.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
    }
}

#[test]
fn serve_seeds_the_demo_on_first_start_and_stops_gracefully_on_sigterm() {
    let dir = temp_dir("serve");
    std::fs::create_dir_all(dir.join("site/pkg")).unwrap();
    std::fs::write(dir.join("site/pkg/runway.wasm"), b"\0asm").unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let child = Command::new(env!("CARGO_BIN_EXE_runway"))
        .current_dir(&dir)
        .env_clear()
        .envs([
            ("RUNWAY_ADDR", addr.as_str()),
            ("RUNWAY_SITE_ROOT", "site"),
            ("RUNWAY_DEMO", "true"),
            ("RUNWAY_ADMIN_PASSWORD", "first-admin-password"),
            ("RUNWAY_SHUTDOWN_SECONDS", "2"),
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut child = Running(child);
    let started = Instant::now();
    while http_get(port, "/readyz", "").is_none_or(|(status, _)| status != 200) {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the server became ready"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let (status, answer) = http_get(port, "/", "").unwrap();
    assert_eq!(status, 303, "anonymous visitors are sent to sign in");
    assert!(answer.contains("location: /sign-in?next=/"), "{answer}");

    let form = "login=admin&password=first-admin-password";
    let sign_in = format!(
        "POST /api/auth/sign_in HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{form}",
        form.len()
    );
    let (_, answer) = http(port, &sign_in).unwrap();
    let cookie = answer
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: runway_session="))
        .map(|v| format!("runway_session={}", v.split(';').next().unwrap()));
    let cookie = cookie.unwrap_or_else(|| panic!("signed in: {answer}"));
    let (status, body) = http_get(port, "/", &cookie).unwrap();
    assert_eq!(status, 200);
    // Without the hydration markers (`<!>`) that erased components put after text props.
    let body = body.replace("<!>", "");
    assert!(
        body.contains(">Services</dt>") && body.contains("Recent deployments"),
        "the demo is there"
    );

    // A request that never finishes sending its body must not keep the server from stopping.
    let mut hanging = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    std::io::Write::write_all(
        &mut hanging,
        format!(
            "POST /api/auth/sign_in HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nlogin="
        )
        .as_bytes(),
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let killed = Command::new("kill")
        .args(["-TERM", &child.0.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let stopping = Instant::now();
    let status = child.0.wait().unwrap();
    assert!(status.success(), "exit status {status}");
    assert!(
        stopping.elapsed() < Duration::from_secs(10),
        "stopped within its grace"
    );
    drop(hanging);
    let log: Vec<String> = BufReader::new(child.0.stderr.take().unwrap())
        .lines()
        .map_while(Result::ok)
        .collect();
    let log = log.join("\n");
    for line in [
        "created the first administrator with RUNWAY_ADMIN_PASSWORD",
        "demo data seeded",
        "Runway is ready",
        "shutting down",
        "stopped anyway",
        "stopped",
    ] {
        assert!(log.contains(line), "the log says {line:?}:\n{log}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn token_create_prints_a_token_once_for_an_existing_user() {
    let dir = temp_dir("token");
    let env = [("RUNWAY_ADMIN_PASSWORD", "first-admin-password")];
    let created = runway(
        &dir,
        &[
            "token",
            "create",
            "--user",
            "admin",
            "--name",
            "deploy pipeline",
            "--expires",
            "30",
        ],
        &env,
    );
    assert!(created.status.success(), "{}", stderr(&created));
    let out = String::from_utf8_lossy(&created.stdout);
    assert!(
        out.starts_with("rwt_") && out.trim().len() > 40 && out.lines().count() == 1,
        "only the token on stdout: {out}"
    );
    assert!(stderr(&created).contains("it is shown only now"));
    let missing = runway(
        &dir,
        &["token", "create", "--user", "nobody", "--name", "x"],
        &env,
    );
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("cannot create the token: there is no active user \"nobody\""),
        "{}",
        stderr(&missing)
    );
    let bad = runway(
        &dir,
        &[
            "token",
            "create",
            "--user",
            "admin",
            "--name",
            "x",
            "--expires",
            "0",
        ],
        &env,
    );
    assert!(
        stderr(&bad).contains("a token lasts from 1 to 3650 days"),
        "{}",
        stderr(&bad)
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn import_reads_the_backstage_examples_and_refuses_bad_files() {
    let dir = temp_dir("import");
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/backstage-examples");
    let examples = examples.to_str().unwrap();
    let env = [("RUNWAY_ADMIN_PASSWORD", "first-admin-password")];
    let dry = runway(&dir, &["import", "--dry-run", examples], &env);
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert_eq!(
        String::from_utf8_lossy(&dry.stdout),
        "Dry run, nothing changed: 57 new, 0 changed, 0 unchanged, 0 rejected\n"
    );
    let warnings = stderr(&dry);
    assert_eq!(warnings.matches("warning: apis/").count(), 3, "{warnings}");
    assert!(
        warnings.contains("spec.definition: https://github.com/APIs-guru/"),
        "{warnings}"
    );

    let done = runway(&dir, &["import", examples], &env);
    assert!(done.status.success(), "{}", stderr(&done));
    assert_eq!(
        String::from_utf8_lossy(&done.stdout),
        "Imported: 57 new, 0 changed, 0 unchanged, 0 rejected\n"
    );

    let bad = dir.join("bad.yaml");
    std::fs::write(
        &bad,
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: x y\n",
    )
    .unwrap();
    let refused = runway(&dir, &["import", bad.to_str().unwrap()], &env);
    assert_eq!(refused.status.code(), Some(1));
    let message = stderr(&refused);
    assert!(
        message.contains("error: bad.yaml (document 1) metadata.name: \"x y\" is not a valid name"),
        "{message}"
    );
    assert!(message.contains("fix them or use --partial"), "{message}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_generated_admin_password_reaches_a_private_file_not_the_logs() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir("first-admin");
    let output = runway(&dir, &["migrate"], &[("RUNWAY_LOG_FORMAT", "json")]);
    assert!(output.status.success(), "{}", stderr(&output));
    let file = dir.join("data/initial-admin-password");
    let password = std::fs::read_to_string(&file).unwrap();
    let password = password.trim();
    assert!(password.len() >= 32);
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let logs = format!(
        "{}{}",
        stderr(&output),
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(!logs.contains(password), "the password is not in the logs");
    assert!(
        logs.contains("initial-admin-password"),
        "the log says where it is: {logs}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}
