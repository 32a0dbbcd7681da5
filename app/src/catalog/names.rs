//! Backstage's syntax rules for names, namespaces, label and annotation keys, and tags.

/// Backstage's object name: 1–63 characters, `[A-Za-z0-9]` at both ends, `-_.` inside.
pub fn is_valid_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    let inner = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.');
    (1..=63).contains(&bytes.len())
        && bytes[0].is_ascii_alphanumeric()
        && bytes[bytes.len() - 1].is_ascii_alphanumeric()
        && bytes.iter().all(inner)
}

/// A DNS label (RFC 1123): 1–63 lowercase letters, digits and inner dashes.
pub fn is_dns_label(text: &str) -> bool {
    let bytes = text.as_bytes();
    let ok = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    (1..=63).contains(&bytes.len())
        && ok(&bytes[0])
        && ok(&bytes[bytes.len() - 1])
        && bytes.iter().all(|b| ok(b) || *b == b'-')
}

/// A label or annotation key: `[dns-subdomain/]name`.
pub fn is_valid_key(key: &str) -> bool {
    match key.split_once('/') {
        Some((prefix, name)) => {
            prefix.len() <= 253 && prefix.split('.').all(is_dns_label) && is_valid_name(name)
        }
        None => is_valid_name(key),
    }
}

/// A tag: 1–63 characters of `[a-z0-9:+#]` in words joined by single dashes.
pub fn is_valid_tag(tag: &str) -> bool {
    let word = |w: &str| {
        !w.is_empty()
            && w.bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b':' | b'+' | b'#')
            })
    };
    (1..=63).contains(&tag.len()) && tag.split('-').all(word)
}
