//! The agents' keyboard: which key does what, when a key counts (never while typing in a
//! field), the command palette's matching, and the next or previous ticket of a list.

/// What a key asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shortcut {
    /// `j`: the next ticket of the list.
    Next,
    /// `k`: the previous ticket.
    Previous,
    /// `r`: write a reply.
    Reply,
    /// `n`: write an internal note.
    Note,
    /// `m`: pick a macro.
    Macro,
    /// `a`: assign to me.
    AssignMe,
    /// `s`: solve.
    Solve,
    /// `e`: escalate.
    Escalate,
    /// `?`: the shortcuts' help.
    Help,
    /// Ctrl+K / ⌘K: the command palette.
    Palette,
}

/// Every shortcut with the keys shown for it, in the help's order.
pub const ALL: [(Shortcut, &str); 10] = [
    (Shortcut::Next, "j"),
    (Shortcut::Previous, "k"),
    (Shortcut::Reply, "r"),
    (Shortcut::Note, "n"),
    (Shortcut::Macro, "m"),
    (Shortcut::AssignMe, "a"),
    (Shortcut::Solve, "s"),
    (Shortcut::Escalate, "e"),
    (Shortcut::Help, "?"),
    (Shortcut::Palette, "Ctrl+K / ⌘K"),
];

/// A key press as far as the shortcuts care.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Press<'a> {
    /// `KeyboardEvent.key`.
    pub key: &'a str,
    pub ctrl: bool,
    pub meta: bool,
    pub alt: bool,
    /// The focus is in a text field, a select or editable content: the user is typing.
    pub in_field: bool,
    /// A dialog is open: only its own keys count.
    pub dialog_open: bool,
    /// The key is held down (auto-repeat): only j/k repeat.
    pub repeat: bool,
}

/// The shortcut `press` asks for, if any. Single keys never count while typing, with Alt or
/// Ctrl/⌘ held, or under a dialog; Ctrl/⌘+K opens the palette from anywhere but a dialog.
pub fn shortcut(press: Press<'_>) -> Option<Shortcut> {
    if press.dialog_open {
        return None;
    }
    if (press.ctrl || press.meta) && !press.alt && press.key.eq_ignore_ascii_case("k") {
        return (!press.repeat).then_some(Shortcut::Palette);
    }
    if press.in_field || press.ctrl || press.meta || press.alt {
        return None;
    }
    let found = match press.key {
        "j" => Shortcut::Next,
        "k" => Shortcut::Previous,
        "r" => Shortcut::Reply,
        "n" => Shortcut::Note,
        "m" => Shortcut::Macro,
        "a" => Shortcut::AssignMe,
        "s" => Shortcut::Solve,
        "e" => Shortcut::Escalate,
        "?" => Shortcut::Help,
        _ => return None,
    };
    (!press.repeat || matches!(found, Shortcut::Next | Shortcut::Previous)).then_some(found)
}

/// The id after (`forward`) or before `current` in `ids`; from outside the list, the first
/// (or the last going back).
pub fn neighbour(ids: &[i64], current: Option<i64>, forward: bool) -> Option<i64> {
    let position = current.and_then(|current| ids.iter().position(|id| *id == current));
    match (position, forward) {
        (None, true) => ids.first().copied(),
        (None, false) => ids.last().copied(),
        (Some(i), true) => ids.get(i + 1).copied(),
        (Some(i), false) => i.checked_sub(1).and_then(|i| ids.get(i)).copied(),
    }
}

/// Text folded for matching: lowercase, Spanish accents off.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'ä' => 'a',
            'é' | 'è' | 'ë' => 'e',
            'í' | 'ì' | 'ï' => 'i',
            'ó' | 'ò' | 'ö' => 'o',
            'ú' | 'ù' | 'ü' => 'u',
            'ñ' => 'n',
            c => c,
        })
        .collect()
}

/// Whether a command's `label` matches what was typed: every word of `query` starts a word of
/// the label or appears in it, accents and case aside.
pub fn matches(label: &str, query: &str) -> bool {
    let label = fold(label);
    fold(query)
        .split_whitespace()
        .all(|word| label.contains(word))
}

/// The indexes of `labels` that match `query`, those starting with it first.
pub fn filter(labels: &[String], query: &str) -> Vec<usize> {
    let query_folded = fold(query.trim());
    let mut hits: Vec<(bool, usize)> = labels
        .iter()
        .enumerate()
        .filter(|(_, label)| matches(label, &query_folded))
        .map(|(i, label)| (!fold(label).starts_with(&query_folded), i))
        .collect();
    hits.sort();
    hits.into_iter().map(|(_, i)| i).collect()
}

/// The option after or before `current` among `count`, wrapping (the palette's arrows).
pub fn cycle(current: Option<usize>, count: usize, forward: bool) -> Option<usize> {
    if count == 0 {
        return None;
    }
    Some(match (current, forward) {
        (None, true) => 0,
        (None, false) => count - 1,
        (Some(i), true) => (i + 1) % count,
        (Some(i), false) => (i + count - 1) % count,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(key: &str) -> Press<'_> {
        Press {
            key,
            ..Press::default()
        }
    }

    #[test]
    fn single_keys_map_to_shortcuts() {
        for (shortcut, keys) in ALL {
            if shortcut != Shortcut::Palette {
                assert_eq!(super::shortcut(key(keys)), Some(shortcut), "{keys}");
            }
        }
        assert_eq!(super::shortcut(key("x")), None);
        assert_eq!(super::shortcut(key("J")), None);
    }

    #[test]
    fn never_while_typing_or_with_modifiers() {
        let typing = Press {
            in_field: true,
            ..key("s")
        };
        assert_eq!(shortcut(typing), None);
        assert_eq!(
            shortcut(Press {
                ctrl: true,
                ..key("s")
            }),
            None
        );
        assert_eq!(
            shortcut(Press {
                alt: true,
                ..key("a")
            }),
            None
        );
        assert_eq!(
            shortcut(Press {
                dialog_open: true,
                ..key("j")
            }),
            None
        );
        // Held down: only moving repeats.
        assert_eq!(
            shortcut(Press {
                repeat: true,
                ..key("s")
            }),
            None
        );
        assert_eq!(
            shortcut(Press {
                repeat: true,
                ..key("j")
            }),
            Some(Shortcut::Next)
        );
    }

    #[test]
    fn the_palette_opens_from_anywhere_but_a_dialog() {
        let ctrl_k = Press {
            ctrl: true,
            ..key("k")
        };
        assert_eq!(shortcut(ctrl_k), Some(Shortcut::Palette));
        assert_eq!(
            shortcut(Press {
                meta: true,
                in_field: true,
                ..key("K")
            }),
            Some(Shortcut::Palette)
        );
        assert_eq!(
            shortcut(Press {
                dialog_open: true,
                ..ctrl_k
            }),
            None
        );
    }

    #[test]
    fn next_and_previous() {
        let ids = [5, 9, 2];
        assert_eq!(neighbour(&ids, Some(9), true), Some(2));
        assert_eq!(neighbour(&ids, Some(9), false), Some(5));
        assert_eq!(neighbour(&ids, Some(2), true), None);
        assert_eq!(neighbour(&ids, Some(5), false), None);
        assert_eq!(neighbour(&ids, None, true), Some(5));
        assert_eq!(neighbour(&ids, Some(77), false), Some(2));
        assert_eq!(neighbour(&[], None, true), None);
    }

    #[test]
    fn the_palette_matches_words_without_accents() {
        let labels = vec![
            "Ir a: Sin asignar".to_owned(),
            "Asignarme el ticket".to_owned(),
            "Resolver".to_owned(),
        ];
        assert_eq!(filter(&labels, "asig"), vec![1, 0]);
        assert_eq!(filter(&labels, "SÍN"), vec![0]);
        assert_eq!(filter(&labels, ""), vec![0, 1, 2]);
        assert!(filter(&labels, "zzz").is_empty());
        assert!(matches("Escalar con un motivo", "escalar motivo"));
        assert_eq!(cycle(None, 3, true), Some(0));
        assert_eq!(cycle(Some(2), 3, true), Some(0));
        assert_eq!(cycle(Some(0), 3, false), Some(2));
        assert_eq!(cycle(None, 0, true), None);
    }
}
