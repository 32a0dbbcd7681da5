//! The string `format`s and `pattern`s a template's form checks. Formats follow ajv-formats'
//! "fast" rules, which Backstage's forms use. A pattern is an ECMAScript regular expression: the
//! browser hands it to its own `RegExp`, the server to the `regex` crate (linear time, so a
//! template cannot stall the server with a pathological pattern); a pattern that only one of them
//! understands is reported, never silently passed.

/// What is wrong with `text` as a `format`, or `None` when it fits or the format is one forms
/// only use as a hint (JSON Schema makes unknown formats annotations).
pub fn format_problem(format: &str, text: &str) -> Option<&'static str> {
    let fits = match format {
        "email" => is_email(text),
        "uri" | "url" => is_uri(text),
        "date" => is_date(text),
        "date-time" => chrono::DateTime::parse_from_rfc3339(text).is_ok(),
        "data-url" => is_data_url(text),
        _ => return None,
    };
    (!fits).then_some(match format {
        "email" => "must be an email address",
        "uri" | "url" => "must be an address with a scheme, such as https://example.com",
        "date" => "must be a date, such as 2026-12-31",
        "date-time" => "must be a date and time, such as 2026-12-31T09:30:00Z",
        _ => "must be a file",
    })
}

/// Whether `pattern` finds a match anywhere in `text` (JSON Schema patterns are not anchored).
pub fn pattern_matches(pattern: &str, text: &str) -> Result<bool, String> {
    engine::matches(pattern, text)
}

#[cfg(not(target_arch = "wasm32"))]
mod engine {
    use std::cell::RefCell;
    use std::collections::HashMap;

    /// Compiled patterns past this size are refused rather than built.
    const SIZE_LIMIT: usize = 1 << 20;
    /// Patterns kept compiled per thread. A list of 100,000 items under one `pattern` compiles it
    /// once, not 100,000 times; a form has a handful of patterns, so the cache is small.
    const CACHED: usize = 64;

    thread_local! {
        static COMPILED: RefCell<HashMap<String, Result<regex::Regex, String>>> =
            RefCell::new(HashMap::new());
    }

    pub fn matches(pattern: &str, text: &str) -> Result<bool, String> {
        COMPILED.with_borrow_mut(|cache| {
            if !cache.contains_key(pattern) {
                if cache.len() >= CACHED {
                    cache.clear();
                }
                let compiled = regex::RegexBuilder::new(pattern)
                    .size_limit(SIZE_LIMIT)
                    .build()
                    .map_err(|e| {
                        format!("the pattern {pattern} is not one Runway can check ({e})")
                    });
                cache.insert(pattern.to_owned(), compiled);
            }
            match &cache[pattern] {
                Ok(re) => Ok(re.is_match(text)),
                Err(problem) => Err(problem.clone()),
            }
        })
    }
}

#[cfg(target_arch = "wasm32")]
mod engine {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        type RegExp;
        // `catch`: an invalid pattern throws in JavaScript, which must not abort the wasm.
        #[wasm_bindgen(constructor, catch)]
        fn new(pattern: &str, flags: &str) -> Result<RegExp, JsValue>;
        #[wasm_bindgen(method)]
        fn test(this: &RegExp, text: &str) -> bool;
    }

    pub fn matches(pattern: &str, text: &str) -> Result<bool, String> {
        RegExp::new(pattern, "u")
            .map(|re| re.test(text))
            .map_err(|_| format!("the pattern {pattern} is not a valid regular expression"))
    }
}

/// ajv-formats' fast email rule: a dotted local part of the allowed characters, `@`, and a host
/// name of at least two labels.
fn is_email(text: &str) -> bool {
    let Some((local, host)) = text.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.split('.').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c))
        });
    let labels: Vec<&str> = host.split('.').collect();
    local_ok && labels.len() >= 2 && labels.iter().all(|label| is_host_label(label))
}

fn is_host_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    (1..=63).contains(&bytes.len())
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        && bytes[0] != b'-'
        && bytes[bytes.len() - 1] != b'-'
}

/// RFC 3986's shape: a scheme, `:`, and a rest without spaces, controls or characters that must be
/// percent-encoded, whose `%` escapes are whole.
fn is_uri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let scheme_ok = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let bytes = rest.as_bytes();
    let escapes_ok = bytes.iter().enumerate().all(|(i, b)| {
        *b != b'%'
            || (bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    });
    scheme_ok
        && !rest.is_empty()
        && escapes_ok
        && !rest
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\"{}|\\^`".contains(c))
}

fn is_date(text: &str) -> bool {
    text.len() == 10 && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

/// `data:[type][;name=…][;base64],payload`, as a file dropped on a form becomes; a base64
/// payload must decode.
fn is_data_url(text: &str) -> bool {
    let Some((header, payload)) = text
        .strip_prefix("data:")
        .and_then(|rest| rest.split_once(','))
    else {
        return false;
    };
    if header.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    !header.ends_with(";base64")
        || (payload.len() % 4 == 0
            && payload
                .trim_end_matches('=')
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
            && payload.len() - payload.trim_end_matches('=').len() <= 2)
}
