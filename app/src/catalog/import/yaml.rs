//! Multi-document YAML to JSON values, with problems located by document and line.

use serde::Deserialize;
use serde_json::Value;

/// One document of a file: its 1-based position and its value, or why it could not be read.
/// Empty documents (a stray `---`) are skipped but keep their number, as editors count them.
pub fn documents(text: &str) -> Vec<(i64, Result<Value, String>)> {
    if text.contains('\0') {
        return vec![(0, Err("binary data, not YAML text".to_owned()))];
    }
    let mut out = Vec::new();
    for (index, document) in serde_norway::Deserializer::from_str(text).enumerate() {
        let number = index as i64 + 1;
        match Value::deserialize(document) {
            Ok(Value::Null) => {}
            Ok(value) => out.push((number, Ok(value))),
            Err(error) => {
                out.push((number, Err(format!("invalid YAML: {error}"))));
                // The parser cannot find the next document after a syntax error.
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_documents_and_skips_empty_ones() {
        let docs = documents("a: 1\n---\n---\nb: [x]\n");
        let numbers: Vec<i64> = docs.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, [1, 3]);
        assert_eq!(docs[1].1, Ok(serde_json::json!({"b": ["x"]})));
    }

    #[test]
    fn reports_syntax_errors_with_their_line() {
        let docs = documents("a: 1\n---\nb: [x\nc: 2\n");
        assert_eq!(docs.len(), 2);
        let message = docs[1].1.as_ref().unwrap_err();
        assert!(
            message.starts_with("invalid YAML") && message.contains("line"),
            "{message}"
        );
        assert_eq!(
            documents("\0\u{1}ELF")[0].1,
            Err("binary data, not YAML text".into())
        );
    }

    #[test]
    fn non_mappings_come_through_for_validation_to_name() {
        assert_eq!(
            documents("- a\n- b\n")[0].1,
            Ok(serde_json::json!(["a", "b"]))
        );
        assert_eq!(
            documents("just text")[0].1,
            Ok(serde_json::json!("just text"))
        );
    }
}
