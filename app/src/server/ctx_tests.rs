//! The architecture's rules that can be checked by reading the code: services never read the
//! request, handlers never open transactions, the audit log is written only through `Ctx`.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn sources(crate_dir: &str) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(crate_dir);
    rust_files(&root, &mut files);
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

#[test]
fn services_never_read_the_request() {
    let mut checked = 0;
    for (path, text) in sources("src") {
        let Some(start) = text
            .find("mod service {")
            .filter(|_| !path.ends_with("ctx.rs") && !path.ends_with("ctx_tests.rs"))
        else {
            continue;
        };
        checked += 1;
        let service = &text[start..];
        for reading in [
            "use_context",
            "Ctx::of_request",
            "server::state()",
            "caller::caller()",
            "caller::signed_in",
            "leptos_axum::",
        ] {
            assert!(
                !service.contains(reading),
                "{} reads the request in its service ({reading})",
                path.display()
            );
        }
    }
    assert!(checked >= 10, "{checked} service modules");
}

#[test]
fn no_http_handler_opens_a_transaction() {
    for (path, text) in sources("../server/src") {
        assert!(
            !text.contains(".begin()"),
            "{} opens a transaction; call a service",
            path.display()
        );
    }
}

#[test]
fn the_audit_log_is_written_only_through_ctx() {
    let mut files = sources("src");
    files.extend(sources("../server/src"));
    let mut writers = Vec::new();
    for (path, text) in &files {
        let name = path.file_name().unwrap().to_string_lossy();
        if name.ends_with("tests.rs") || path.ends_with("server/ctx.rs") {
            continue;
        }
        let code = text.split("#[cfg(test)]").next().unwrap();
        if path.ends_with("store/audit.rs") {
            assert!(
                code.contains("pub async fn record("),
                "the audit store moved"
            );
            continue;
        }
        if code.contains("audit::record(") || code.contains("INSERT INTO audit_log") {
            writers.push(path.display().to_string());
        }
    }
    assert!(
        writers.is_empty(),
        "write audit entries with Ctx::audited, not directly: {writers:?}"
    );
    assert!(files.len() > 100, "{} files read", files.len());
}
