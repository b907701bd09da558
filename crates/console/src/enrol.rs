//! Setting up a second factor, the pure parts: the QR code's SVG as a `data:` URL (the page's
//! CSP takes `data:` images, never inline SVG with its styles), the secret grouped for typing,
//! a code as typed, and the recovery codes as a text file.

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64, padded.
pub fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(BASE64[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// An SVG document as an `<img src>`.
pub fn svg_data_url(svg: &str) -> String {
    format!("data:image/svg+xml;base64,{}", base64(svg.as_bytes()))
}

/// The secret in groups of four for reading and typing: `JBSW Y3DP EHPK 3PXP`.
pub fn grouped(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().filter(|c| !c.is_whitespace()).collect();
    chars
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A code as the user typed or pasted it: without spaces around or inside (apps show
/// `123 456`). Recovery codes keep their hyphens.
pub fn clean_code(typed: &str) -> String {
    typed.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The recovery codes as a text file: a title line, then one code a line.
pub fn recovery_file(title: &str, email: &str, codes: &[String]) -> String {
    let mut text = format!("{title}\n{email}\n\n");
    for code in codes {
        text.push_str(code);
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foob"), "Zm9vYg==");
        assert_eq!(base64(b"fooba"), "Zm9vYmE=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xff, 0xfe, 0xfd]), "//79");
        assert_eq!(svg_data_url("<svg/>"), "data:image/svg+xml;base64,PHN2Zy8+");
    }

    #[test]
    fn secrets_read_in_fours() {
        assert_eq!(grouped("JBSWY3DPEHPK3PXP"), "JBSW Y3DP EHPK 3PXP");
        assert_eq!(grouped("ABCDEF"), "ABCD EF");
        assert_eq!(grouped(""), "");
    }

    #[test]
    fn codes_lose_their_spaces() {
        assert_eq!(clean_code(" 123 456 "), "123456");
        assert_eq!(clean_code("abcd-efgh-23"), "abcd-efgh-23");
    }

    #[test]
    fn the_file_lists_one_code_a_line() {
        let codes = vec!["aaaa-bbbb-11".to_owned(), "cccc-dddd-22".to_owned()];
        assert_eq!(
            recovery_file("Codes", "ana@example.com", &codes),
            "Codes\nana@example.com\n\naaaa-bbbb-11\ncccc-dddd-22\n"
        );
    }
}
