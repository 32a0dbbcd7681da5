//! Percent-encoding of URL query values and paths (RFC 3986), for links that carry filters.

/// Encodes `text` for a query value: everything but unreserved characters (and `/`, when
/// `keep_slash`, for paths) becomes `%XX`.
fn encode_with(text: &str, keep_slash: bool) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b'/' if keep_slash => "/".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Encodes a query value.
pub fn encode(text: &str) -> String {
    encode_with(text, false)
}

/// Encodes a path with its query, keeping `/` readable (for `?next=` links).
pub fn encode_path(text: &str) -> String {
    encode_with(text, true)
}

/// Decodes `%XX` escapes and `+` (a space in forms); malformed escapes stay as they are.
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match (bytes[i], escaped) {
            (_, Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', None) => {
                out.push(b' ');
                i += 1;
            }
            (byte, None) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding() {
        assert_eq!(encode("pay & go"), "pay%20%26%20go");
        assert_eq!(encode("role:a/b"), "role%3Aa%2Fb");
        assert_eq!(encode_path("/a b?c=d"), "/a%20b%3Fc%3Dd");
        assert_eq!(encode("ümlaut"), "%C3%BCmlaut");
    }

    #[test]
    fn decoding_round_trips() {
        for text in ["/catalog?kind=api&q=pay me", "ümlaut 100%", ""] {
            assert_eq!(decode(&encode(text)), text);
            assert_eq!(decode(&encode_path(text)), text);
        }
        assert_eq!(decode("a+b%2"), "a b%2", "a broken escape stays");
    }
}
