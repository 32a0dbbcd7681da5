//! Walking a location that someone else may write to: links in loops, links that lead out,
//! special files and deep trees, each ending quickly with the problem named.

use std::os::unix::fs::symlink;
use std::time::{Duration, Instant};

use super::*;

fn component(name: &str) -> String {
    format!(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {name}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n"
    )
}

fn temp() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("runway-walk-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.canonicalize().unwrap()
}

fn walk(root: &Path) -> (Vec<String>, Vec<String>) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let (sources, problems) = read_tree(root, &Placement::default(), &Remote::default(), deadline);
    (
        sources.into_iter().map(|s| s.file).collect(),
        problems
            .into_iter()
            .map(|p| format!("{}: {}", p.file, p.message))
            .collect(),
    )
}

#[test]
fn links_in_a_loop_are_walked_once() {
    let dir = temp();
    std::fs::write(dir.join("a.yaml"), component("alpha")).unwrap();
    symlink(".", dir.join("a")).unwrap();
    symlink(".", dir.join("b")).unwrap();
    std::fs::create_dir(dir.join("sub")).unwrap();
    symlink("..", dir.join("sub/up")).unwrap();
    let started = Instant::now();
    let (files, problems) = walk(&dir);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(files, ["a.yaml"]);
    assert_eq!(problems, Vec::<String>::new());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn links_that_lead_outside_are_not_read() {
    let outside = temp();
    std::fs::write(outside.join("secret.yaml"), component("secret")).unwrap();
    let dir = temp();
    symlink(outside.join("secret.yaml"), dir.join("stolen.yaml")).unwrap();
    symlink(&outside, dir.join("elsewhere")).unwrap();
    std::fs::write(dir.join("real.yaml"), component("real")).unwrap();
    symlink(dir.join("real.yaml"), dir.join("alias.yaml")).unwrap();
    let (files, problems) = walk(&dir);
    // A link inside the location is read as the file it points at, once.
    assert_eq!(files, ["real.yaml"]);
    assert_eq!(
        problems,
        [
            "elsewhere: a symbolic link that leads outside the location; not read",
            "stolen.yaml: a symbolic link that leads outside the location; not read",
        ]
    );
    std::fs::remove_dir_all(dir).unwrap();
    std::fs::remove_dir_all(outside).unwrap();
}

#[test]
fn special_files_are_not_opened_and_deep_trees_stop() {
    let dir = temp();
    let fifo = dir.join("pipe.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let mut deep = dir.clone();
    for level in 0..crate::limits::MAX_WALK_DEPTH + 3 {
        deep = deep.join(format!("d{level}"));
    }
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("too-deep.yaml"), component("deep")).unwrap();
    let started = Instant::now();
    let (files, problems) = walk(&dir);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "a FIFO must not block"
    );
    assert!(files.is_empty(), "{files:?}");
    assert!(
        problems
            .iter()
            .any(|p| p == "pipe.yaml: not a regular file"),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("nest deeper than 32")),
        "{problems:?}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_walk_past_its_deadline_stops_with_a_problem() {
    let dir = temp();
    std::fs::write(dir.join("a.yaml"), component("alpha")).unwrap();
    let (sources, problems) = read_tree(
        &dir,
        &Placement::default(),
        &Remote::default(),
        Instant::now(),
    );
    assert!(sources.is_empty());
    assert!(
        problems[0].message.contains("took longer than"),
        "{problems:?}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}
