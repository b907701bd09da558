//! Query strings by hand: percent-encoding a value and reading `a=b&c=d` back.
//!
//! The console builds two kinds of URL from its filters — its own address bar
//! (`/console/articles?q=…`) and the API's (`/api/v1/articles?q=…`) — and reads its own back
//! after a reload or a step back in history. Both go through these three functions.

/// Percent-encodes one query value (everything but RFC 3986's unreserved characters).
pub fn encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 15)]));
        }
    }
    out
}

/// Decodes one query value: `%XX` escapes and `+` as a space, as browsers write forms.
/// A malformed escape is kept as written and invalid UTF-8 becomes U+FFFD: whatever someone
/// typed into the address bar, the result is a string, never an error.
pub fn decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b'%' => match (hex_digit(bytes.get(i + 1)), hex_digit(bytes.get(i + 2))) {
                (Some(high), Some(low)) => {
                    out.push(high << 4 | low);
                    i += 3;
                }
                _ => {
                    out.push(b'%');
                    i += 1;
                }
            },
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_digit(byte: Option<&u8>) -> Option<u8> {
    let byte = *byte?;
    char::from(byte)
        .to_digit(16)
        .and_then(|digit| u8::try_from(digit).ok())
}

/// The decoded `name=value` pairs of a query string, with or without its leading `?`.
/// Empty pieces (`a=1&&b=2`) are skipped; a name without `=` has an empty value.
pub fn pairs(query: &str) -> Vec<(String, String)> {
    query
        .strip_prefix('?')
        .unwrap_or(query)
        .split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| match piece.split_once('=') {
            Some((name, value)) => (decode(name), decode(value)),
            None => (decode(piece), String::new()),
        })
        .collect()
}

/// Joins `name=value` pairs (values encoded here) into `?a=1&b=2`, or `""` when there are none.
pub fn build(pairs: &[(&str, String)]) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        out.push(if out.is_empty() { '?' } else { '&' });
        out.push_str(name);
        out.push('=');
        out.push_str(&encode(value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_everything_but_unreserved() {
        assert_eq!(encode("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(encode("factura & IVA"), "factura%20%26%20IVA");
        assert_eq!(encode("añadir?=/"), "a%C3%B1adir%3F%3D%2F");
    }

    #[test]
    fn decodes_escapes_and_plus() {
        assert_eq!(decode("factura+%26%20IVA"), "factura & IVA");
        assert_eq!(decode("a%C3%B1adir"), "añadir");
        assert_eq!(decode("%c3%b1"), "ñ");
    }

    #[test]
    fn malformed_input_is_kept_not_rejected() {
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz%4"), "%zz%4");
        assert_eq!(decode("%FF"), "\u{FFFD}");
    }

    #[test]
    fn round_trips() {
        for text in [
            "",
            "plain",
            "with space",
            "ñandú 100% ¿qué?",
            "a+b=c&d",
            "日本",
        ] {
            assert_eq!(decode(&encode(text)), text);
        }
    }

    #[test]
    fn splits_pairs() {
        assert_eq!(
            pairs("?q=a+b&&status=draft&flag"),
            vec![
                ("q".to_owned(), "a b".to_owned()),
                ("status".to_owned(), "draft".to_owned()),
                ("flag".to_owned(), String::new()),
            ]
        );
        assert!(pairs("").is_empty());
        assert!(pairs("?").is_empty());
        assert_eq!(pairs("x=1=2"), vec![("x".to_owned(), "1=2".to_owned())]);
    }

    #[test]
    fn builds_query_strings() {
        assert_eq!(build(&[]), "");
        assert_eq!(
            build(&[("q", "a b".to_owned()), ("page", "2".to_owned())]),
            "?q=a%20b&page=2"
        );
    }
}
