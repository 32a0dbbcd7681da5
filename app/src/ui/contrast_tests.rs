//! Keeps text colours that fall short of WCAG AA contrast out of every view: the design system's
//! `text-subtle` (style/main.css) is the secondary text colour, in both schemes.

use std::path::Path;

/// Classes that put text below 4.5:1 on Runway's backgrounds, and what to use instead.
const TOO_FAINT: &[(&str, &str)] = &[
    ("text-zinc-300", "text-subtle"),
    ("text-zinc-400", "text-subtle"),
    ("text-zinc-500", "text-subtle"),
    ("dark:text-zinc-500", "dark:text-zinc-400"),
    ("dark:text-zinc-600", "dark:text-zinc-400"),
    ("placeholder:text-zinc-400", "placeholder:text-subtle"),
    ("placeholder:text-zinc-500", "placeholder:text-subtle"),
];

/// Every class token in `source` that is one of [`TOO_FAINT`], exactly (`hover:` and other
/// variants of a light colour are allowed, as are the light colours in dark-only variants).
fn faint_classes(source: &str) -> Vec<(&'static str, &'static str)> {
    source
        .split(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == '(' || c == ')')
        .filter_map(|token| TOO_FAINT.iter().find(|(faint, _)| *faint == token).copied())
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_view_uses_a_text_colour_below_aa_contrast() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let this = Path::new(file!()).file_name().unwrap();
    let found: Vec<String> = files
        .iter()
        .filter(|path| path.file_name() != Some(this))
        .flat_map(|path| {
            let source = std::fs::read_to_string(path).unwrap();
            faint_classes(&source)
                .into_iter()
                .map(|(faint, instead)| format!("{}: {faint} (use {instead})", path.display()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_check_finds_faint_classes_and_only_those() {
    assert_eq!(
        faint_classes(r#"class="text-sm text-zinc-400 dark:text-zinc-500""#),
        vec![
            ("text-zinc-400", "text-subtle"),
            ("dark:text-zinc-500", "dark:text-zinc-400")
        ]
    );
    assert!(
        faint_classes(r#"class="hover:text-zinc-500 text-zinc-600 dark:text-zinc-400""#).is_empty()
    );
}
