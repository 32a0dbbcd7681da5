//! The one place secrets are taken out: every log line, step output, task output and audit
//! summary of a task passes through a [`Redactor`] before it is stored or sent. Backstage leaked
//! secrets through each of those separately (its issues #30876, #24144, #29838); one pass that
//! every path shares cannot be forgotten by one of them.

use serde_json::Value;

/// What replaces a secret.
pub const MASK: &str = "***";

/// Secrets shorter than this are masked where a whole value equals them, not inside text:
/// masking every "t" of a log for a one-letter "secret" would hide the log, not a secret.
pub const SHORTEST_MASKED_IN_TEXT: usize = 3;

/// Replaces every secret value, and the forms it takes when quoted into JSON or a URL, by
/// [`MASK`].
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    /// Longest first, so that a secret containing another is masked whole.
    needles: Vec<String>,
    /// Every secret as it is, for values that are exactly one.
    whole: Vec<String>,
}

impl Redactor {
    /// A redactor for the string values of `secrets` (an object of them, nested or not).
    pub fn new(secrets: &Value) -> Self {
        let mut needles = Vec::new();
        collect(secrets, &mut needles);
        Self::of(needles)
    }

    /// This redactor, masking `derived` too: values computed from secrets (`secrets.token |
    /// upper`), which are as secret as what they came from.
    pub fn with(&self, derived: &[String]) -> Self {
        let mut all = self.whole.clone();
        all.extend(derived.iter().filter(|d| !d.is_empty()).cloned());
        Self::of(all)
    }

    fn of(needles: Vec<String>) -> Self {
        let whole = needles.clone();
        let mut forms: Vec<String> = Vec::new();
        for secret in needles {
            let json = serde_json::to_string(&secret).unwrap_or_default();
            let escaped = json[1..json.len().saturating_sub(1).max(1)].to_owned();
            // As Rust's (and minijinja's `debug()`) quoting writes it: control characters as
            // `\u{1b}`, which JSON writes otherwise.
            let debug = format!("{secret:?}");
            let debugged = debug[1..debug.len().saturating_sub(1).max(1)].to_owned();
            forms.push(crate::ui::url::encode(&secret));
            forms.push(escaped);
            forms.push(debugged);
            forms.push(secret);
        }
        forms.retain(|f| f.chars().count() >= SHORTEST_MASKED_IN_TEXT);
        forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
        forms.dedup();
        Redactor {
            needles: forms,
            whole,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.whole.is_empty()
    }

    /// `text` with every secret masked.
    pub fn text(&self, text: &str) -> String {
        if self.whole.iter().any(|w| w == text) {
            return MASK.to_owned();
        }
        let mut out = text.to_owned();
        for needle in &self.needles {
            if out.contains(needle.as_str()) {
                out = out.replace(needle.as_str(), MASK);
            }
        }
        out
    }

    /// `value` with every secret masked in every string, keys included.
    pub fn value(&self, value: &Value) -> Value {
        if self.is_empty() {
            return value.clone();
        }
        match value {
            Value::String(s) => Value::String(self.text(s)),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.value(v)).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (self.text(k), self.value(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
}

/// Every non-empty string and number inside `value`: what of it can be a secret.
pub(crate) fn collect(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) if !s.is_empty() => out.push(s.clone()),
        Value::Number(n) => out.push(n.to_string()),
        Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
        Value::Object(map) => map.values().for_each(|v| collect(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn every_form_of_a_secret_is_masked_everywhere() {
        let r = Redactor::new(&json!({"token": "s3cr\"et/+x", "nested": {"pin": "4242"}}));
        assert_eq!(r.text("token=s3cr\"et/+x!"), "token=***!");
        // As JSON quotes it, as a URL carries it.
        assert_eq!(r.text(r#"{"t":"s3cr\"et/+x"}"#), r#"{"t":"***"}"#);
        assert_eq!(
            r.text("https://u:s3cr%22et%2F%2Bx@host"),
            "https://u:***@host"
        );
        assert_eq!(r.text("pin 4242"), "pin ***");
        let out = r.value(&json!({"log": ["4242", {"4242": "a s3cr\"et/+x b"}], "n": 4242}));
        assert_eq!(out, json!({"log": ["***", {"***": "a *** b"}], "n": 4242}));
    }

    #[test]
    fn derived_values_and_debug_quoting_are_masked_too() {
        let r = Redactor::new(&json!({"token": "tok\u{1b}en-42"}));
        assert_eq!(r.text(r#"debug: "tok\u{1b}en-42""#), r#"debug: "***""#);
        let derived = r.with(&["TOK\u{1b}EN-42".to_owned(), "24-ne\u{1b}kot".to_owned()]);
        assert_eq!(
            derived.text("a TOK\u{1b}EN-42 b 24-ne\u{1b}kot"),
            "a *** b ***"
        );
        assert_eq!(
            derived.text("tok\u{1b}en-42"),
            "***",
            "the original stays masked"
        );
    }

    #[test]
    fn a_secret_inside_another_is_masked_whole() {
        let r = Redactor::new(&json!({"a": "abc", "b": "abcdef"}));
        assert_eq!(r.text("xabcdefx abc"), "x***x ***");
        assert!(Redactor::new(&json!({"empty": ""})).is_empty());
        // A very short secret is masked where it is a whole value, not inside every word.
        let short = Redactor::new(&json!({"pin": "t"}));
        assert_eq!(short.text("start"), "start");
        assert_eq!(
            short.value(&json!({"a": "t", "b": ["t"]})),
            json!({"a": "***", "b": ["***"]})
        );
        assert_eq!(Redactor::new(&json!({})).text("abc"), "abc");
    }
}
