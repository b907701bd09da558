//! Queries as people type them: one misspelt letter in a long word, or the text cut while
//! still typing. Deterministic for a given random generator, so runs compare.

use rand::rngs::StdRng;
use rand::seq::IndexedRandom;

/// One misspelling of `word` (operation `op % 3`: delete, swap neighbours, substitute), or
/// `None` for words under five letters. The first letter is left alone: people rarely get it
/// wrong, and a different first letter is a different word for any engine.
pub fn typo(word: &str, op: usize, rng: &mut StdRng) -> Option<String> {
    let mut chars: Vec<char> = word.chars().collect();
    if chars.iter().filter(|c| c.is_alphabetic()).count() < 5 {
        return None;
    }
    let interior: Vec<usize> = (1..chars.len())
        .filter(|&i| chars[i].is_alphabetic())
        .collect();
    let swappable: Vec<usize> = interior
        .iter()
        .copied()
        .filter(|&i| {
            i + 1 < chars.len() && chars[i + 1].is_alphabetic() && chars[i] != chars[i + 1]
        })
        .collect();
    match op % 3 {
        0 => {
            let &at = interior.choose(rng)?;
            chars.remove(at);
        }
        1 if !swappable.is_empty() => {
            let &at = swappable.choose(rng)?;
            chars.swap(at, at + 1);
        }
        _ => {
            let &at = interior.choose(rng)?;
            let current = chars[at].to_lowercase().next().unwrap_or(chars[at]);
            let letters: Vec<char> = "abcdefghilmnoprstu"
                .chars()
                .filter(|&c| c != current)
                .collect();
            chars[at] = *letters.choose(rng)?;
        }
    }
    Some(chars.into_iter().collect())
}

/// `text` with one typo in every word of five letters or more (the operation rotating through
/// delete, swap and substitute), as a hurried user writes it.
pub fn typo_each_long_word(text: &str, rng: &mut StdRng) -> String {
    text.split(' ')
        .enumerate()
        .map(|(i, word)| {
            let core = word.trim_matches(|c: char| !c.is_alphanumeric());
            match typo(core, i, rng) {
                Some(misspelt) if !core.is_empty() => word.replacen(core, &misspelt, 1),
                _ => word.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first two thirds of `text` (by characters), as typed so far: the last word is usually
/// cut, and trailing spaces are kept out. `None` when fewer than two words would remain, so
/// every query has at least one complete word besides the one being typed.
pub fn two_thirds(text: &str) -> Option<String> {
    let chars: Vec<char> = text.trim().chars().collect();
    let cut: String = chars[..(chars.len() * 2).div_ceil(3)].iter().collect();
    let cut = cut.trim_end().to_owned();
    (cut.split_whitespace().count() >= 2).then_some(cut)
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    #[test]
    fn every_long_word_gets_one_typo_and_short_words_none() {
        let mut rng = StdRng::seed_from_u64(7);
        let text = "How many forced fumbles did Thomas Davis have?";
        let typed = typo_each_long_word(text, &mut rng);
        let (before, after): (Vec<&str>, Vec<&str>) =
            (text.split(' ').collect(), typed.split(' ').collect());
        assert_eq!(before.len(), after.len());
        for (b, a) in before.iter().zip(&after) {
            let long = b.chars().filter(|c| c.is_alphabetic()).count() >= 5;
            assert_eq!(b != a, long, "{b} -> {a}");
            assert_eq!(b.chars().next(), a.chars().next(), "first letter kept");
        }
        assert!(typed.ends_with('?'), "{typed}");
    }

    #[test]
    fn two_thirds_cuts_mid_word() {
        assert_eq!(
            two_thirds("Who lost to the Broncos in the divisional round?").as_deref(),
            Some("Who lost to the Broncos in the d")
        );
        assert_eq!(two_thirds("Oxygen?"), None);
    }
}
