//! The line diff an edit's review shows: what saving a draft would change in its YAML.

use std::time::{Duration, Instant};

use similar::DiffTag;
use similar::algorithms::{Capture, Compact, Replace, myers};

use crate::catalog::api::edit::DiffLine;

/// How long one preview may spend looking for the smallest diff.
const DIFF_TIME_LIMIT: Duration = Duration::from_millis(300);

/// `after` against `before`, line by line, unchanged lines included.
///
/// Myers' algorithm is called with one hook and one type of line: `similar::TextDiff` chooses
/// its algorithm at run time, so one call of it compiled every algorithm and hook `similar` has
/// (54 copies of Myers alone, 6 % of this crate's machine code before optimisation, measured with
/// `cargo llvm-lines`), for the one algorithm it uses by default.
pub fn lines(before: &str, after: &str) -> Vec<DiffLine> {
    lines_by(before, after, Instant::now() + DIFF_TIME_LIMIT)
}

/// `lines`, giving up on the smallest diff at `deadline` (the result still reads every line).
fn lines_by(before: &str, after: &str, deadline: Instant) -> Vec<DiffLine> {
    let old: Vec<&str> = before.split_inclusive('\n').collect();
    let new: Vec<&str> = after.split_inclusive('\n').collect();
    // As `TextDiff` does: a removed line and its replacement read as one change, removal first,
    // and runs of changes slide to where a person would put them.
    let mut hook = Compact::new(Replace::new(Capture::new()), &old[..], &new[..]);
    // Myers' time grows with the product of the size and the number of changes: a large draft
    // that rewrites every line gets a coarser diff after a bounded wait instead of a busy core.
    let Ok(()) = myers::diff_deadline(
        &mut hook,
        &old,
        0..old.len(),
        &new,
        0..new.len(),
        Some(deadline),
    );
    let capture = hook.into_inner().into_inner();
    let line = |tag: char| {
        move |text: &&str| DiffLine {
            tag,
            text: text.trim_end_matches('\n').to_owned(),
        }
    };
    let mut diff = Vec::with_capacity(old.len().max(new.len()));
    for op in capture.into_ops() {
        let (tag, in_old, in_new) = op.as_tag_tuple();
        if matches!(tag, DiffTag::Equal) {
            diff.extend(old[in_old].iter().map(line(' ')));
            continue;
        }
        if matches!(tag, DiffTag::Delete | DiffTag::Replace) {
            diff.extend(old[in_old].iter().map(line('-')));
        }
        if matches!(tag, DiffTag::Insert | DiffTag::Replace) {
            diff.extend(new[in_new].iter().map(line('+')));
        }
    }
    diff
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(diff: &[DiffLine]) -> Vec<String> {
        diff.iter()
            .map(|l| format!("{}{}", l.tag, l.text))
            .collect()
    }

    #[test]
    fn a_changed_line_is_removed_then_added_between_unchanged_ones() {
        let before = "kind: Component\nmetadata:\n  name: checkout\nspec:\n  lifecycle: experimental\n  owner: team-a\n";
        let after = "kind: Component\nmetadata:\n  name: checkout\nspec:\n  lifecycle: production\n  owner: team-a\n  system: shop\n";
        assert_eq!(
            shown(&lines(before, after)),
            [
                " kind: Component",
                " metadata:",
                "   name: checkout",
                " spec:",
                "-  lifecycle: experimental",
                "+  lifecycle: production",
                "   owner: team-a",
                "+  system: shop",
            ]
        );
    }

    #[test]
    fn a_new_entity_is_all_added_and_a_removed_one_all_removed() {
        assert_eq!(shown(&lines("", "a\nb\n")), ["+a", "+b"]);
        assert_eq!(shown(&lines("a\nb\n", "")), ["-a", "-b"]);
        assert!(lines("", "").is_empty());
    }

    #[test]
    fn identical_texts_are_all_unchanged_and_a_last_line_without_newline_still_counts() {
        assert_eq!(shown(&lines("a\nb", "a\nb")), [" a", " b"]);
        // The same words, one line now ending the file with a newline: a change, as in git.
        assert_eq!(shown(&lines("a\nb", "a\nb\n")), [" a", "-b", "+b"]);
    }

    #[test]
    fn moved_lines_show_as_removed_and_added() {
        assert_eq!(
            shown(&lines("x\ny\nz\n", "z\nx\ny\n")),
            ["+z", " x", " y", "-z"]
        );
    }

    #[test]
    fn past_its_deadline_the_diff_is_coarser_but_still_reads_every_line_of_both() {
        let before: String = (0..400).map(|i| format!("line {i}\n")).collect();
        let after: String = (0..400)
            .map(|i| format!("line {}\n", i * 7 % 400))
            .collect();
        let diff = lines_by(&before, &after, Instant::now());
        let side = |keep: char| -> String {
            let kept = diff.iter().filter(|l| l.tag == ' ' || l.tag == keep);
            kept.map(|l| format!("{}\n", l.text)).collect()
        };
        assert_eq!((side('-'), side('+')), (before, after));
    }
}
