//! Tests of placeholder substitution: files inside the location, and remote fetches.

use super::*;
use serde_json::json;

fn location() -> (tempdir::Dir, Resolver) {
    let dir = tempdir::Dir::new();
    std::fs::create_dir_all(dir.path().join("apis")).unwrap();
    std::fs::write(dir.path().join("apis/openapi.yaml"), "openapi: 3.0.0\n").unwrap();
    std::fs::write(dir.path().join("apis/meta.json"), "{\"a\": [1]}").unwrap();
    std::fs::write(dir.path().join("../secret.txt"), "no").ok();
    let resolver = Resolver {
        base: Some(dir.path().join("apis")),
        root: Some(dir.path().to_owned()),
        remote: Remote::default(),
    };
    (dir, resolver)
}

mod tempdir {
    //! A directory removed when dropped.
    pub struct Dir(std::path::PathBuf);
    impl Dir {
        pub fn new() -> Self {
            let path = std::env::temp_dir().join(format!("runway-subst-{}", uuid::Uuid::new_v4()));
            std::fs::create_dir_all(&path).unwrap();
            Dir(path)
        }
        pub fn path(&self) -> &std::path::Path {
            &self.0
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

#[tokio::test]
async fn replaces_text_json_and_yaml_relative_to_the_file() {
    let (_dir, resolver) = location();
    let mut value = json!({"spec": {"definition": {"$text": "./openapi.yaml"},
        "meta": {"$json": "meta.json"}, "parsed": {"$yaml": "openapi.yaml"}, "list": [{"$text": "openapi.yaml"}]}});
    assert_eq!(resolve(&mut value, &resolver).await, vec![]);
    assert_eq!(value["spec"]["definition"], "openapi: 3.0.0\n");
    assert_eq!(value["spec"]["meta"], json!({"a": [1]}));
    assert_eq!(value["spec"]["parsed"], json!({"openapi": "3.0.0"}));
    assert_eq!(value["spec"]["list"][0], "openapi: 3.0.0\n");
    let mut annotated =
        json!({"metadata": {"annotations": {"a.io/doc": {"$text": "openapi.yaml"}}}});
    assert_eq!(resolve(&mut annotated, &resolver).await, vec![]);
    assert_eq!(
        annotated["metadata"]["annotations"]["a.io/doc"],
        "openapi: 3.0.0\n"
    );
}

#[tokio::test]
async fn placeholders_are_bounded_in_number_and_in_what_they_pull_in() {
    let (dir, resolver) = location();
    let four_mib = "x".repeat(4 * 1024 * 1024);
    std::fs::write(dir.path().join("apis/big.txt"), &four_mib).unwrap();
    let mut two = json!({"spec": {"a": {"$text": "big.txt"}, "b": {"$text": "big.txt"}}});
    let problems = resolve(&mut two, &resolver).await;
    assert!(
        matches!(&problems[..], [(_, Unresolved::Refused(m))] if m.contains("more than the 6291456 bytes")),
        "{problems:?}"
    );
    let many: serde_json::Map<String, Value> = (0..=MAX_PLACEHOLDERS)
        .map(|i| (format!("k{i}"), json!({"$text": "openapi.yaml"})))
        .collect();
    let mut value = json!({ "spec": many });
    let problems = resolve(&mut value, &resolver).await;
    assert!(
        matches!(&problems[..], [(_, Unresolved::Refused(m))] if m.contains("at most 100")),
        "{problems:?}"
    );
}

#[tokio::test]
async fn refuses_paths_outside_the_location_and_reports_unreadable_ones() {
    let (_dir, resolver) = location();
    let mut value = json!({"spec": {"a": {"$text": "../../etc/passwd"}, "b": {"$text": "missing.yaml"},
        "c": {"$text": "https://github.com/x/y.yaml"}}});
    let problems = resolve(&mut value, &resolver).await;
    assert_eq!(problems.len(), 3);
    assert_eq!(
        problems[0],
        (
            "spec.a".into(),
            Unresolved::Refused("../../etc/passwd is outside its location".into())
        )
    );
    assert!(
        matches!(&problems[1].1, Unresolved::Unavailable(m) if m.starts_with("cannot read missing.yaml"))
    );
    assert!(
        matches!(&problems[2].1, Unresolved::Unavailable(m) if m.contains("github.com is not an allowed host"))
    );
    // Unresolved placeholders stay as written.
    assert_eq!(value["spec"]["b"], json!({"$text": "missing.yaml"}));
    let mut upload = json!({"spec": {"d": {"$text": "x.yaml"}}});
    let problems = resolve(&mut upload, &Resolver::default()).await;
    assert!(
        matches!(&problems[0].1, Unresolved::Unavailable(m) if m.contains("register a location"))
    );
}

mod fetch {
    //! `$text: http(s)://…` against a real HTTP server on loopback: the host check that userinfo
    //! cannot fool, internal addresses refused unless allowed, and bodies capped while they stream.

    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use serde_json::json;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::super::*;

    /// An HTTP server on 127.0.0.1 that answers every request with `body` in chunks, and counts
    /// the requests it got.
    async fn server(body: Vec<u8>) -> (u16, Arc<AtomicUsize>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let hits = Arc::new(AtomicUsize::new(0));
        let counter = hits.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                let body = body.clone();
                tokio::spawn(async move {
                    let mut request = [0u8; 4096];
                    let _ = socket.read(&mut request).await;
                    let head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
                    let _ = socket.write_all(head.as_bytes()).await;
                    for chunk in body.chunks(64 * 1024) {
                        let framed =
                            [format!("{:x}\r\n", chunk.len()).as_bytes(), chunk, b"\r\n"].concat();
                        if socket.write_all(&framed).await.is_err() {
                            return;
                        }
                    }
                    let _ = socket.write_all(b"0\r\n\r\n").await;
                });
            }
        });
        (port, hits)
    }

    fn remote(hosts: &[&str], private_networks: bool) -> Resolver {
        Resolver {
            remote: Remote {
                allowed_hosts: hosts.iter().map(|h| h.to_string()).collect(),
                private_networks,
            },
            ..Resolver::default()
        }
    }

    async fn fetch_text(resolver: &Resolver, url: &str) -> Result<serde_json::Value, Unresolved> {
        let mut value = json!({"spec": {"definition": {"$text": url}}});
        match resolve(&mut value, resolver).await.pop() {
            Some((_, problem)) => Err(problem),
            None => Ok(value["spec"]["definition"].clone()),
        }
    }

    fn refused_because(result: Result<serde_json::Value, Unresolved>, why: &str) {
        match result {
            Err(Unresolved::Refused(message)) => assert!(message.contains(why), "{message}"),
            other => panic!("expected a refusal naming {why:?}, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_user_name_in_front_of_an_internal_host_is_refused_without_a_request() {
        let (port, hits) = server(b"internal secret".to_vec()).await;
        let allowed = remote(&["allowed.example"], false);
        for url in [
            format!("http://allowed.example:x@127.0.0.1:{port}/"),
            format!("http://allowed.example@127.0.0.1:{port}/"),
            format!("http://user:allowed.example@127.0.0.1:{port}/"),
        ] {
            refused_because(fetch_text(&allowed, &url).await, "user name or password");
        }
        // Spelling the host another way does not make it allowed either.
        let other = fetch_text(
            &allowed,
            &format!("http://127.0.0.1:{port}/#allowed.example"),
        )
        .await;
        assert!(
            matches!(other, Err(Unresolved::Unavailable(m)) if m.contains("not an allowed host"))
        );
        assert_eq!(
            hits.load(Ordering::SeqCst),
            0,
            "the internal server was never asked"
        );
    }

    #[tokio::test]
    async fn internal_addresses_are_refused_unless_the_operator_allows_them() {
        let (port, hits) = server(b"internal page".to_vec()).await;
        for host in ["localhost", "127.0.0.1"] {
            let url = format!("http://{host}:{port}/doc.yaml");
            refused_because(
                fetch_text(&remote(&[host], false), &url).await,
                "RUNWAY_CATALOG_PRIVATE_NETWORKS",
            );
        }
        assert_eq!(hits.load(Ordering::SeqCst), 0);
        let url = format!("http://127.0.0.1:{port}/doc.yaml");
        assert_eq!(
            fetch_text(&remote(&["127.0.0.1"], true), &url).await,
            Ok(json!("internal page"))
        );
    }

    #[tokio::test]
    async fn a_chunked_body_is_cut_off_at_the_limit() {
        let (port, _) = server(vec![b'x'; MAX_SUBSTITUTION_BYTES as usize + 1]).await;
        let url = format!("http://127.0.0.1:{port}/huge.yaml");
        refused_because(
            fetch_text(&remote(&["127.0.0.1"], true), &url).await,
            "larger than",
        );
        let (port, _) = server(vec![b'y'; 100_000]).await;
        let url = format!("http://127.0.0.1:{port}/fine.yaml");
        let fine = fetch_text(&remote(&["127.0.0.1"], true), &url)
            .await
            .unwrap();
        assert_eq!(fine.as_str().map(str::len), Some(100_000));
    }

    #[test]
    fn public_and_internal_addresses() {
        for (ip, public) in [
            ("93.184.215.14", true),
            ("2606:4700::1111", true),
            ("127.0.0.1", false),
            ("10.1.2.3", false),
            ("172.16.0.1", false),
            ("192.168.1.1", false),
            ("169.254.169.254", false),
            ("100.64.0.1", false),
            ("0.0.0.0", false),
            ("::1", false),
            ("fe80::1", false),
            ("fd00::1", false),
            ("::ffff:127.0.0.1", false),
            ("::ffff:10.0.0.1", false),
        ] {
            assert_eq!(is_public(ip.parse().unwrap()), public, "{ip}");
        }
    }
}
