//! Syntax highlighting of API definitions, on the server: syntect with bat's syntax set (through
//! two-face), so that the browser gets tokens and ships no grammar.

use std::sync::LazyLock;

use two_face::re_exports::syntect::easy::ScopeRangeIterator;
use two_face::re_exports::syntect::parsing::{ParseState, ScopeStack, SyntaxSet};
use two_face::re_exports::syntect::util::LinesWithEndings;

use super::definition::{Highlighted, Token, tone_of};

use crate::limits::{MAX_HIGHLIGHT_LINE_CHARS, MAX_HIGHLIGHT_LINES};

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// The syntax of an API's definition, by its `spec.type` (and, for OpenAPI and AsyncAPI, by
/// whether the text is JSON or YAML).
fn syntax_name(api_type: &str, text: &str) -> Option<&'static str> {
    Some(match api_type.to_ascii_lowercase().as_str() {
        "openapi" | "asyncapi" if text.trim_start().starts_with('{') => "JSON",
        "openapi" | "asyncapi" => "YAML",
        "graphql" => "GraphQL",
        "grpc" => "Protocol Buffer",
        _ => return None,
    })
}

/// The definition as lines of tokens, or `None` when its type has no syntax here, it is too
/// long, or it does not parse. Longer definitions, and any with a very long line (the regexes'
/// cost grows with a line's length), are shown as plain text: highlighting is worth a few
/// milliseconds of a page view, not a slow page.
pub fn highlight(api_type: &str, text: &str) -> Option<Highlighted> {
    let syntax = SYNTAXES.find_syntax_by_name(syntax_name(api_type, text)?)?;
    for (index, line) in text.lines().enumerate() {
        if index >= MAX_HIGHLIGHT_LINES || line.len() > MAX_HIGHLIGHT_LINE_CHARS {
            return None;
        }
    }
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut lines = Vec::new();
    for line in LinesWithEndings::from(text) {
        let ops = state.parse_line(line, &SYNTAXES).ok()?;
        let mut tokens: Vec<Token> = Vec::new();
        for (range, op) in ScopeRangeIterator::new(&ops, line) {
            stack.apply(op).ok()?;
            let piece = line[range].trim_end_matches(['\n', '\r']);
            if piece.is_empty() {
                continue;
            }
            let scopes: Vec<String> = stack.as_slice().iter().map(|s| s.build_string()).collect();
            let scopes: Vec<&str> = scopes.iter().map(String::as_str).collect();
            let tone = tone_of(&scopes);
            match tokens.last_mut() {
                Some(last) if last.tone == tone => last.text.push_str(piece),
                _ => tokens.push(Token {
                    tone,
                    text: piece.to_owned(),
                }),
            }
        }
        lines.push(tokens);
    }
    Some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::definition::Tone;

    /// The tone of the first token that is exactly `text` on the line holding it.
    fn tone(lines: &Highlighted, text: &str) -> Tone {
        lines
            .iter()
            .flatten()
            .find(|t| t.text.trim() == text)
            .unwrap_or_else(|| panic!("no token {text:?} in {lines:?}"))
            .tone
    }

    #[test]
    fn definitions_come_back_as_toned_tokens_line_by_line() {
        let proto = "syntax = \"proto3\";\n// Carts\nservice Cart {\n  rpc Get(GetRequest) returns (Cart);\n}\n";
        let lines = highlight("grpc", proto).unwrap();
        assert_eq!(lines.len(), 5);
        assert_eq!(tone(&lines, "service"), Tone::Keyword);
        assert_eq!(tone(&lines, "GetRequest"), Tone::Type);
        assert_eq!(tone(&lines, "// Carts"), Tone::Comment);
        assert_eq!(tone(&lines, "\"proto3\""), Tone::String);
        // Nothing is lost or added: the tokens give the text back.
        let text: Vec<String> = lines
            .iter()
            .map(|l| l.iter().map(|t| t.text.as_str()).collect())
            .collect();
        assert_eq!(text.join("\n") + "\n", proto);

        let graphql = highlight("GraphQL", "type Query {\n  me(id: ID!): User\n}\n").unwrap();
        assert_eq!(tone(&graphql, "type"), Tone::Keyword);
        assert_eq!(tone(&graphql, "Query"), Tone::Type);
        let yaml = highlight("asyncapi", "asyncapi: 2.6.0\ninfo:\n  title: Orders\n").unwrap();
        assert_eq!(tone(&yaml, "asyncapi"), Tone::Key);
        assert_eq!(tone(&yaml, "2.6.0"), Tone::Number);
        let json = highlight("openapi", "{\"openapi\": \"3.0.0\"}").unwrap();
        assert_eq!(tone(&json, "\"openapi\""), Tone::Key);
        assert_eq!(tone(&json, "\"3.0.0\""), Tone::String);
    }

    #[test]
    fn unknown_types_and_huge_definitions_stay_plain() {
        assert_eq!(highlight("wsdl", "<definitions/>"), None);
        let huge = "a: 1\n".repeat(MAX_HIGHLIGHT_LINES + 1);
        assert_eq!(highlight("openapi", &huge), None);
        assert!(highlight("openapi", &"a: 1\n".repeat(MAX_HIGHLIGHT_LINES)).is_some());
        let wide = format!("a: \"{}\"\n", "x".repeat(MAX_HIGHLIGHT_LINE_CHARS));
        assert_eq!(highlight("openapi", &wide), None);
    }
}
