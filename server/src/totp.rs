//! Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, six digits, as every
//! authenticator app does), their secrets in base32 (RFC 4648), the `otpauth://` URI and its QR
//! code drawn as SVG, and recovery codes.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha1::Sha1;
use sha2::{Digest, Sha256};

/// Seconds per time step.
pub const STEP_SECS: i64 = 30;
/// Steps either side of now a code is still accepted in (clock drift, slow typing).
const DRIFT_STEPS: i64 = 1;
/// Recovery codes given at enrolment.
pub const RECOVERY_CODES: usize = 10;

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// A new random 160-bit secret, base32 without padding (what authenticator apps expect).
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::rng().fill_bytes(&mut bytes);
    base32_encode(&bytes)
}

pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(BASE32[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(BASE32[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// Decodes base32 (case, spaces and padding ignored); `None` on any other character.
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let value = BASE32
            .iter()
            .position(|&b| char::from(b) == c.to_ascii_uppercase())?;
        buffer = (buffer << 5) | value as u32;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Some(out)
}

/// The six-digit code of `secret` for time step `step`.
pub fn code_at(secret: &[u8], step: i64) -> u32 {
    truncated(secret, step) % 1_000_000
}

/// RFC 4226's dynamic truncation of HMAC-SHA1(secret, step).
fn truncated(secret: &[u8], step: i64) -> u32 {
    // HMAC takes keys of any length, so this cannot fail.
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(secret) else {
        return u32::MAX;
    };
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ])
}

/// The time step of a Unix time in milliseconds.
pub fn step_of(now_ms: i64) -> i64 {
    now_ms.div_euclid(1000 * STEP_SECS)
}

/// The step `code` (six digits, spaces allowed) matches for `secret` around `now_ms`, if any.
/// The caller must still refuse a step already used (`Store::use_totp_step`).
pub fn verify(secret_base32: &str, code: &str, now_ms: i64) -> Option<i64> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let wanted: u32 = digits.parse().ok()?;
    let secret = base32_decode(secret_base32)?;
    let now = step_of(now_ms);
    // Every candidate is computed, so the time taken does not say which one matched.
    let mut found = None;
    for step in now - DRIFT_STEPS..=now + DRIFT_STEPS {
        if code_at(&secret, step) == wanted {
            found = found.or(Some(step));
        }
    }
    found
}

/// Whether `code` looks like a six-digit TOTP code (else it may be a recovery code).
pub fn looks_like_totp(code: &str) -> bool {
    let digits: Vec<char> = code.chars().filter(|c| !c.is_whitespace()).collect();
    digits.len() == 6 && digits.iter().all(char::is_ascii_digit)
}

/// `otpauth://totp/Ayuda:EMAIL?secret=…&issuer=Ayuda…`, what the QR code carries.
pub fn otpauth_uri(issuer: &str, email: &str, secret: &str) -> String {
    let label = format!("{}:{}", url_escape(issuer), url_escape(email));
    format!(
        "otpauth://totp/{label}?secret={secret}&issuer={}&algorithm=SHA1&digits=6&period={STEP_SECS}",
        url_escape(issuer)
    )
}

fn url_escape(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'@') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The QR code of `text` as an SVG document (dark modules on white, with a quiet zone).
pub fn qr_svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
    )
}

/// Ten new recovery codes, `xxxx-xxxx-xx` in an alphabet without look-alikes (50 bits each).
pub fn new_recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut code = String::with_capacity(12);
            for i in 0..10 {
                if i == 4 || i == 8 {
                    code.push('-');
                }
                let pick = (rng.next_u32() as usize) % ALPHABET.len();
                code.push(char::from(ALPHABET[pick]));
            }
            code
        })
        .collect()
}

/// How a recovery code is stored and looked up: SHA-256 of its letters and digits only, lower
/// case (so `ABCD-efgh-23` and `abcdefgh23` are the same code).
pub fn recovery_hash(code: &str) -> String {
    let normal: String = code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    Sha256::digest(format!("recovery:{normal}").as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238's test vectors (SHA-1, secret "12345678901234567890"), last six digits.
    #[test]
    fn rfc_6238_vectors() {
        let secret = b"12345678901234567890";
        for (unix, eight_digits) in [
            (59i64, 94_287_082u32),
            (1_111_111_109, 7_081_804),
            (1_111_111_111, 14_050_471),
            (1_234_567_890, 89_005_924),
            (2_000_000_000, 69_279_037),
            (20_000_000_000, 65_353_130),
        ] {
            let step = step_of(unix * 1000);
            assert_eq!(
                truncated(secret, step) % 100_000_000,
                eight_digits,
                "{unix}"
            );
            assert_eq!(code_at(secret, step), eight_digits % 1_000_000);
        }
    }

    #[test]
    fn base32_round_trips_and_refuses_garbage() {
        assert_eq!(
            base32_encode(b"12345678901234567890"),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        );
        assert_eq!(base32_encode(b"f"), "MY");
        assert_eq!(base32_decode("my").as_deref(), Some(&b"f"[..]));
        let secret = new_secret();
        assert_eq!(secret.len(), 32);
        assert_eq!(base32_decode(&secret).map(|b| b.len()), Some(20));
        assert_eq!(base32_decode("not base32!"), None);
    }

    #[test]
    fn codes_are_accepted_one_step_either_side_only() {
        let secret = new_secret();
        let bytes = base32_decode(&secret).unwrap_or_default();
        let now = 1_700_000_000_000i64;
        let step = step_of(now);
        let code = |s| format!("{:06}", code_at(&bytes, s));
        assert_eq!(verify(&secret, &code(step), now), Some(step));
        assert_eq!(verify(&secret, &code(step - 1), now), Some(step - 1));
        assert_eq!(verify(&secret, &code(step + 1), now), Some(step + 1));
        // Two steps away is refused (unless it happens to equal a near one: 1 in 10⁶).
        let far = code(step - 3);
        if [step - 1, step, step + 1].iter().all(|&s| code(s) != far) {
            assert_eq!(verify(&secret, &far, now), None);
        }
        for bad in ["", "12345", "1234567", "12a456", "１２３４５６"] {
            assert_eq!(verify(&secret, bad, now), None, "{bad}");
        }
        let spaced = format!("{} {}", &code(step)[..3], &code(step)[3..]);
        assert_eq!(verify(&secret, &spaced, now), Some(step));
    }

    #[test]
    fn recovery_codes_are_distinct_and_forgiving_in_form() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let distinct: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), RECOVERY_CODES);
        assert!(codes.iter().all(|c| c.len() == 12 && !looks_like_totp(c)));
        assert_eq!(recovery_hash("ABCD-efgh-23"), recovery_hash(" abcdefgh23 "));
        assert_ne!(recovery_hash("abcd-efgh-23"), recovery_hash("abcd-efgh-24"));
    }

    #[test]
    fn the_enrolment_uri_and_its_qr_code() {
        let uri = otpauth_uri("Ayuda", "ana lópez@example.com", "GEZDGNBV");
        assert!(uri.starts_with(
            "otpauth://totp/Ayuda:ana%20l%C3%B3pez@example.com?secret=GEZDGNBV&issuer=Ayuda"
        ));
        let svg = qr_svg(&uri).unwrap_or_default();
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
        assert!(!svg.contains("<script"));
    }
}
