//! Location tests on SQLite and PostgreSQL, against real files and a real git repository.

use std::path::Path;

use super::*;
use crate::catalog::store::query::{By, get};
use crate::db::testing;

fn component(name: &str) -> String {
    format!(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {name}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n"
    )
}

/// Runway's own context over `db`; locations it registers have no registrant who could
/// change team membership.
fn ctx(db: &Db) -> Ctx {
    Ctx::system(db, Default::default(), "tester")
}

fn temp() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("runway-location-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.canonicalize().unwrap()
}

fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=Runway",
            "-c",
            "user.email=runway@example.com",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

async fn orphan(db: &Db, key: &str) -> bool {
    get(db, By::Refs(&[key.to_owned()])).await.unwrap()[0].orphan
}

#[tokio::test]
async fn a_file_location_is_read_again_and_leaves_orphans() {
    for t in testing::databases().await {
        let dir = temp();
        std::fs::write(dir.join("a.yaml"), component("alpha")).unwrap();
        std::fs::write(dir.join("b.yaml"), component("beta")).unwrap();
        let target = dir.display().to_string();
        let (location, report, exists) =
            register(&ctx(&t.db), "file", &target, false, &Remote::default())
                .await
                .unwrap();
        assert_eq!((report.created, exists), (2, false), "{:?}", t.backend());
        let alpha = get(&t.db, By::Refs(&["component:default/alpha".into()]))
            .await
            .unwrap();
        assert_eq!(alpha[0].location_id.as_deref(), Some(location.id.as_str()));
        assert_eq!(
            alpha[0].entity.metadata.annotations["backstage.io/managed-by-location"],
            format!("file:{}/a.yaml", dir.display())
        );

        std::fs::remove_file(dir.join("b.yaml")).unwrap();
        std::fs::write(
            dir.join("a.yaml"),
            component("alpha").replace("production", "deprecated"),
        )
        .unwrap();
        let report = refresh(&ctx(&t.db), &location, &Remote::default())
            .await
            .unwrap();
        assert_eq!((report.updated, report.created), (1, 0));
        assert!(orphan(&t.db, "component:default/beta").await);
        assert!(!orphan(&t.db, "component:default/alpha").await);

        // Registering the same place again refreshes the existing location.
        let (again, _, exists) = register(&ctx(&t.db), "file", &target, false, &Remote::default())
            .await
            .unwrap();
        assert_eq!((again.id, exists), (location.id.clone(), true));

        assert!(unregister(&ctx(&t.db), &location.id).await.unwrap());
        assert!(orphan(&t.db, "component:default/alpha").await);
        assert!(locations::list(&t.db).await.unwrap().is_empty());
        std::fs::remove_dir_all(dir).unwrap();
        t.close().await;
    }
}

#[tokio::test]
async fn a_git_location_is_read_at_head() {
    for t in testing::databases().await {
        let repo = temp();
        git(&repo, &["init", "-q"]);
        std::fs::write(repo.join("catalog-info.yaml"), component("gamma")).unwrap();
        git(&repo, &["add", "."]);
        git(&repo, &["commit", "-q", "-m", "catalog"]);
        // Not committed: not read.
        std::fs::write(repo.join("draft.yaml"), component("draft")).unwrap();
        let (location, report, _) = register(
            &ctx(&t.db),
            "git",
            &repo.display().to_string(),
            false,
            &Remote::default(),
        )
        .await
        .unwrap();
        assert_eq!(report.created, 1, "{:?} {:?}", t.backend(), report.errors);
        let gamma = get(&t.db, By::Refs(&["component:default/gamma".into()]))
            .await
            .unwrap();
        assert_eq!(
            gamma[0].entity.metadata.annotations["backstage.io/managed-by-location"],
            format!("git:{}#catalog-info.yaml", repo.display())
        );
        assert_eq!(gamma[0].location_id.as_deref(), Some(location.id.as_str()));
        std::fs::remove_dir_all(repo).unwrap();
        t.close().await;
    }
}

#[test]
fn bad_locations_are_refused_with_the_reason() {
    let message = |kind: &str, target: &str| check(kind, target).unwrap_err().to_string();
    assert!(message("url", "/tmp").contains("not \"url\""));
    assert!(message("file", "relative/path").contains("must be an absolute path"));
    assert!(message("file", "/no/such/place").contains("No such file"));
    assert!(message("git", "/").contains("is not a git repository"));
}

#[tokio::test]
async fn reading_a_git_location_stops_at_its_deadline() {
    let repo = temp();
    git(&repo, &["init", "-q"]);
    std::fs::write(repo.join("catalog-info.yaml"), component("slow")).unwrap();
    // 32 MiB that does not compress: streaming it through the pipes takes far longer than 1 ms.
    let noise: Vec<u8> = (0..32u32 << 20)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    std::fs::write(repo.join("blob.bin"), noise).unwrap();
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "catalog"]);
    let into = temp();
    for deadline in [
        std::time::Instant::now(),
        std::time::Instant::now() + std::time::Duration::from_millis(1),
    ] {
        let error = crate::catalog::git::archive_head(&repo, &into, deadline)
            .await
            .unwrap_err();
        assert!(error.to_string().contains("took longer than"), "{error}");
    }
    // With time to spare it works.
    let later = std::time::Instant::now() + std::time::Duration::from_secs(30);
    crate::catalog::git::archive_head(&repo, &into, later)
        .await
        .unwrap();
    assert!(into.join("catalog-info.yaml").is_file());
    std::fs::remove_dir_all(repo).unwrap();
    std::fs::remove_dir_all(into).unwrap();
}
