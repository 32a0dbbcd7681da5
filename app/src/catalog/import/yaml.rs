//! YAML text to JSON values, bounded: every place Runway reads YAML (imports, `$yaml`, location
//! targets, API definitions, write-back) comes through here, so none of them can be made to
//! nest past what stored entities may hold or to expand aliases into gigabytes.
//!
//! serde_norway's own alias limit grows with the document (100 jumps per event), so padding a
//! document buys more expansion. Here every node and every byte of string produced is charged
//! to one budget: the text's own size twice over plus a fixed allowance. Text without aliases
//! never comes close; aliases may reuse what they like until the allowance is spent.

use std::cell::Cell;
use std::fmt;

use serde::de::{DeserializeSeed, EnumAccess, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::limits::{MAX_NESTING_DEPTH, YAML_ALIAS_ALLOWANCE};

/// One document of a file: its 1-based position and its value, or why it could not be read.
/// Empty documents (a stray `---`) are skipped but keep their number, as editors count them.
pub fn documents(text: &str) -> Vec<(i64, Result<Value, String>)> {
    if text.contains('\0') {
        return vec![(0, Err("binary data, not YAML text".to_owned()))];
    }
    let budget = Budget::for_text(text);
    let mut out = Vec::new();
    for (index, document) in serde_norway::Deserializer::from_str(text).enumerate() {
        let number = index as i64 + 1;
        match (Node {
            budget: &budget,
            depth: 0,
        })
        .deserialize(document)
        {
            Ok(Value::Null) => {}
            Ok(value) => out.push((number, Ok(value))),
            Err(error) => {
                // serde_norway's own repetition limit may stop an alias bomb before the budget.
                let error = match error.to_string() {
                    e if e.starts_with("repetition limit exceeded") => expansion_refused(),
                    e => e,
                };
                out.push((number, Err(format!("invalid YAML: {error}"))));
                // The parser cannot find the next document after a syntax error, and a spent
                // budget stays spent.
                break;
            }
        }
    }
    out
}

/// The one document of `text` (nothing when it is empty), with the same bounds.
pub fn parse(text: &str) -> Result<Value, String> {
    let mut found = documents(text).into_iter();
    match (found.next(), found.next()) {
        (None, _) => Ok(Value::Null),
        (Some((_, value)), None) => value,
        (Some(_), Some(_)) => Err("expected one YAML document, found several".to_owned()),
    }
}

/// What a whole text may produce, in nodes plus string bytes.
struct Budget {
    left: Cell<usize>,
}

impl Budget {
    fn for_text(text: &str) -> Budget {
        Budget {
            left: Cell::new(text.len().saturating_mul(2) + YAML_ALIAS_ALLOWANCE),
        }
    }

    fn charge<E: serde::de::Error>(&self, cost: usize) -> Result<(), E> {
        match self.left.get().checked_sub(cost.saturating_add(1)) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => Err(E::custom(expansion_refused())),
        }
    }
}

fn expansion_refused() -> String {
    format!(
        "aliases expand this text far beyond its size (more than {} KiB beyond it); \
         write the repeated parts out or use fewer aliases",
        YAML_ALIAS_ALLOWANCE / 1024
    )
}

/// Builds a JSON value from whatever the YAML deserializer offers, charging the budget and
/// counting depth as it goes.
#[derive(Clone, Copy)]
struct Node<'a> {
    budget: &'a Budget,
    depth: usize,
}

impl Node<'_> {
    fn deeper<E: serde::de::Error>(self) -> Result<Self, E> {
        if self.depth >= MAX_NESTING_DEPTH {
            return Err(E::custom(format!(
                "mappings and lists nest more than {MAX_NESTING_DEPTH} levels deep"
            )));
        }
        self.budget.charge(0)?;
        Ok(Node {
            depth: self.depth + 1,
            ..self
        })
    }
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Value, E> {
        self.budget.charge(0)?;
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Value, E> {
        self.budget.charge(0)?;
        Ok(Value::from(v))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Value, E> {
        self.budget.charge(0)?;
        Ok(Value::from(v))
    }

    fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Value, E> {
        self.visit_f64(v as f64)
    }

    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Value, E> {
        self.visit_f64(v as f64)
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        self.budget.charge(0)?;
        // JSON has no NaN or infinity; YAML's `.nan` and `.inf` become null as serde_json would.
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Value, E> {
        self.budget.charge(v.len())?;
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Value, E> {
        self.budget.charge(v.len())?;
        Ok(Value::String(v))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Value, E> {
        self.budget.charge(0)?;
        Ok(Value::Null)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let inner = self.deeper()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(inner)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let inner = self.deeper()?;
        let mut object = Map::new();
        while let Some(key) = map.next_key_seed(Key(inner))? {
            let value = map.next_value_seed(inner)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, _: A) -> Result<Value, A::Error> {
        Err(A::Error::custom(
            "custom YAML tags (like !Ref) are not supported; write the value plainly",
        ))
    }
}

/// A mapping key: YAML allows any scalar (`200:` in an OpenAPI document), JSON only text.
struct Key<'a>(Node<'a>);

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = String;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        match self.0.deserialize(d)? {
            Value::String(text) => Ok(text),
            Value::Array(_) | Value::Object(_) => Err(D::Error::custom(
                "a mapping key must be a plain value, not a list or mapping",
            )),
            other => Ok(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn splits_documents_and_skips_empty_ones() {
        let docs = documents("a: 1\n---\n---\nb: [x]\n");
        let numbers: Vec<i64> = docs.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, [1, 3]);
        assert_eq!(docs[1].1, Ok(json!({"b": ["x"]})));
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
        assert_eq!(documents("- a\n- b\n")[0].1, Ok(json!(["a", "b"])));
        assert_eq!(documents("just text")[0].1, Ok(json!("just text")));
    }

    #[test]
    fn scalars_become_json_and_keys_become_text() {
        assert_eq!(
            parse(
                "responses:\n  200: ok\n  true: yes\n  1.5: x\nn: ~\nf: 2.5\nbig: 18446744073709551616\ninf: .inf\n"
            ),
            Ok(
                json!({"responses": {"200": "ok", "true": "yes", "1.5": "x"}, "n": null, "f": 2.5,
                "big": 18446744073709551616.0, "inf": null})
            )
        );
        assert!(parse("? [a]\n: b\n").unwrap_err().contains("plain value"));
        assert!(
            parse("a: !Ref b\n")
                .unwrap_err()
                .contains("custom YAML tags")
        );
        assert!(parse("a: 1\n---\nb: 2\n").unwrap_err().contains("several"));
        assert_eq!(parse(""), Ok(Value::Null));
    }

    #[test]
    fn ordinary_aliases_and_merges_still_work() {
        let text = "base: &b {owner: team-a, tier: 1}\nx: *b\ny: [*b, *b]\n";
        assert_eq!(
            parse(text),
            Ok(
                json!({"base": {"owner": "team-a", "tier": 1}, "x": {"owner": "team-a", "tier": 1},
                "y": [{"owner": "team-a", "tier": 1}, {"owner": "team-a", "tier": 1}]})
            )
        );
    }

    /// Each level references the one before ten times: `levels` levels expand to 10^levels.
    /// `padding` plain list items make the text look large: serde_norway's own limit grows
    /// with the number of events.
    fn laughs(levels: usize, padding: usize) -> String {
        let mut text = format!("pad: [{}]\nl0: &l0 [lol]\n", vec!["x"; padding].join(","));
        for level in 1..=levels {
            let refs = vec![format!("*l{}", level - 1); 10].join(", ");
            text.push_str(&format!("l{level}: &l{level} [{refs}]\n"));
        }
        text
    }

    #[test]
    fn alias_expansion_is_refused_however_the_text_is_padded() {
        // Nine levels expand to a billion nodes: a test that finishes at all shows the refusal
        // came from the budget, not from the expansion (no timing: it failed on a busy machine).
        for padding in [0, 25_000, 500_000] {
            let error = parse(&laughs(9, padding)).unwrap_err();
            assert!(error.contains("aliases expand"), "{error}");
        }
        // A few levels stay well inside the allowance.
        assert!(parse(&laughs(3, 0)).is_ok());
    }

    #[test]
    fn long_strings_repeated_through_aliases_count_by_their_bytes() {
        let text = format!(
            "a: &a \"{}\"\nb: [{}]\n",
            "x".repeat(100_000),
            vec!["*a"; 100].join(", ")
        );
        assert!(parse(&text).unwrap_err().contains("aliases expand"));
    }

    #[test]
    fn nesting_is_refused_past_the_limit_with_its_line() {
        let nested = |depth: usize| format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        assert!(parse(&format!("x: {}", nested(MAX_NESTING_DEPTH - 1))).is_ok());
        let error = parse(&format!("x: {}", nested(MAX_NESTING_DEPTH))).unwrap_err();
        assert!(error.contains("nest more than 64"), "{error}");
        assert!(error.contains("line 1"), "{error}");
        // At serde_norway's own limit and beyond, the same clear refusal.
        for depth in [126, 127, 128, 10_000] {
            assert!(parse(&nested(depth)).is_err());
        }
    }
}
