//! Initial passwords an admin hands to a member: generated from the browser's cryptographic
//! random bytes, and the server's rules checked before asking it.
//!
//! A generated password is four groups of five letters and digits (`k7Qm9-xRt4a-…`): about
//! 113 bits, easy to read out or type, with none of the characters people confuse (`0O`,
//! `1lI`). The rules mirror `server/src/auth.rs` (`check_new_password`) so that the admin
//! hears at once what the server would refuse; the server stays the judge.

/// The characters of a generated password: no `0`, `O`, `1`, `l`, `I`.
const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// Groups of a generated password, and characters in each.
const GROUPS: usize = 4;
const GROUP_LEN: usize = 5;

/// The server's bounds on a password's length, in characters.
pub const MIN_CHARS: usize = 10;
pub const MAX_CHARS: usize = 256;

/// How many random bytes [`generate`] may need: enough that running out is practically
/// impossible (each byte is kept with probability 171/256, and a draw is retried only when a
/// kind of character is missing).
pub const RANDOM_BYTES: usize = 256;

/// A password from `random` bytes (from `crypto.getRandomValues`), with a lower-case letter, an
/// upper-case letter and a digit; `None` if the bytes ran out first.
pub fn generate(random: &[u8]) -> Option<String> {
    // Bytes at or above the largest multiple of the alphabet's size are skipped, so that every
    // character is equally likely.
    let size = ALPHABET.len();
    let limit = 256 - 256 % size;
    let mut chars = random
        .iter()
        .map(|&byte| usize::from(byte))
        .filter(|&byte| byte < limit)
        .map(|byte| char::from(ALPHABET[byte % size]));
    loop {
        let mut password = String::with_capacity(GROUPS * (GROUP_LEN + 1));
        for group in 0..GROUPS {
            if group > 0 {
                password.push('-');
            }
            for _ in 0..GROUP_LEN {
                password.push(chars.next()?);
            }
        }
        let has = |test: fn(&char) -> bool| password.chars().any(|c| test(&c));
        if has(char::is_ascii_lowercase)
            && has(char::is_ascii_uppercase)
            && has(char::is_ascii_digit)
        {
            return Some(password);
        }
    }
}

/// Why the server would refuse a password.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    /// One character over and over.
    Repeated,
    /// It holds the part of the member's e-mail before the `@`.
    HoldsEmailName,
}

/// The first rule of the server's that `password` breaks for a member with `email`.
pub fn check(password: &str, email: &str) -> Result<(), PasswordProblem> {
    let len = password.chars().count();
    if len < MIN_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if len > MAX_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    if password.chars().all(|c| password.starts_with(c)) {
        return Err(PasswordProblem::Repeated);
    }
    let name = email
        .trim()
        .split('@')
        .next()
        .unwrap_or_default()
        .to_lowercase();
    let lower = password.to_lowercase();
    if (name.chars().count() >= 3 && lower.contains(&name))
        || (!name.is_empty() && lower.contains(&format!("{name}@")))
    {
        return Err(PasswordProblem::HoldsEmailName);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A simple, deterministic stand-in for the browser's random bytes.
    fn bytes(seed: u32) -> Vec<u8> {
        let mut state = seed;
        (0..RANDOM_BYTES)
            .map(|_| {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (state >> 24) as u8
            })
            .collect()
    }

    #[test]
    fn generated_passwords_have_the_shape_and_every_kind() {
        for seed in 0..500 {
            let password = generate(&bytes(seed)).expect("enough bytes");
            assert_eq!(password.len(), 23, "{password}");
            let groups: Vec<&str> = password.split('-').collect();
            assert_eq!(groups.len(), 4);
            assert!(groups.iter().all(|g| g.len() == 5));
            assert!(password.chars().any(|c| c.is_ascii_lowercase()));
            assert!(password.chars().any(|c| c.is_ascii_uppercase()));
            assert!(password.chars().any(|c| c.is_ascii_digit()));
            assert!(!password.contains(['0', 'O', '1', 'l', 'I']));
            assert_eq!(check(&password, "ana@example.com"), Ok(()));
        }
    }

    #[test]
    fn different_bytes_give_different_passwords() {
        assert_ne!(generate(&bytes(1)), generate(&bytes(2)));
        assert_eq!(generate(&bytes(7)), generate(&bytes(7)));
    }

    #[test]
    fn biased_bytes_are_skipped_and_too_few_bytes_give_none() {
        // 255 is past the last whole multiple of the alphabet: never used.
        assert_eq!(generate(&[255; RANDOM_BYTES]), None);
        assert_eq!(generate(&[]), None);
        assert_eq!(generate(&bytes(3)[..10]), None);
        // The same character twenty times has no digit and no capital: drawn again, and the
        // bytes run out.
        assert_eq!(generate(&[0; RANDOM_BYTES]), None);
    }

    #[test]
    fn the_servers_rules() {
        assert_eq!(check("short", "a@b.c"), Err(PasswordProblem::TooShort));
        assert_eq!(
            check(&"ab".repeat(200), "a@b.c"),
            Err(PasswordProblem::TooLong)
        );
        assert_eq!(
            check("aaaaaaaaaaaa", "x@b.c"),
            Err(PasswordProblem::Repeated)
        );
        assert_eq!(
            check("Maria-2026-winter", "maria@example.com"),
            Err(PasswordProblem::HoldsEmailName)
        );
        // A short e-mail name counts only with its `@`.
        assert_eq!(check("good horse staple", "st@example.com"), Ok(()));
        assert_eq!(
            check("see st@ example", "st@example.com"),
            Err(PasswordProblem::HoldsEmailName)
        );
        assert_eq!(check("correct horse battery", "ana@example.com"), Ok(()));
    }
}
