//! The help desk's vocabulary, one type per word family, shared by the widget, the server and
//! the store: each travels (and is stored) as the lowercase word next to its variant.
//!
//! The rules over these words (the status workflow, escalation, SLA clocks) live in
//! `ayuda-desk`; only what a word *means* on its own is here.

use serde::{Deserialize, Serialize};

/// A word that is not one of its family's (`"urgent"` for a [`Level`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownWord {
    /// The family: `status`, `level`, …
    pub family: &'static str,
    pub word: String,
}

impl std::fmt::Display for UnknownWord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown {} {:?}", self.family, self.word)
    }
}

impl std::error::Error for UnknownWord {}

/// What every word family offers, for code generic over them (parsing input with one error
/// message listing the accepted words, storing and reading columns).
pub trait Word: Copy + Sized + 'static {
    /// `status`, `level`, …
    const FAMILY: &'static str;
    /// Every word, in order.
    fn all() -> &'static [Self];
    /// The word on the wire and in the database.
    fn as_str(self) -> &'static str;
    /// The variant for `word` (or one of its older spellings).
    fn parse(word: &str) -> Option<Self>;

    /// The accepted words, for error messages: `l1, l2, l3`.
    fn listed() -> String {
        Self::all()
            .iter()
            .map(|w| w.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Declares a word family: the enum, its serde names, `ALL`, `as_str`, `parse` (which also
/// accepts the listed older spellings), `Display` and `FromStr`.
macro_rules! words {
    (
        $(#[$meta:meta])*
        $name:ident ($family:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text $(, alias = $alias)*)] $variant ),+
        }

        impl Word for $name {
            const FAMILY: &'static str = $family;

            fn all() -> &'static [$name] {
                &$name::ALL
            }

            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }

            fn parse(word: &str) -> Option<$name> {
                $name::parse(word)
            }
        }

        impl $name {
            /// Every word of the family, in order.
            pub const ALL: [$name; [$(stringify!($variant)),+].len()] = [$($name::$variant),+];

            /// The word on the wire and in the database.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text ),+
                }
            }

            /// The variant for `word` (or one of its older spellings).
            pub fn parse(word: &str) -> Option<$name> {
                match word {
                    $( $text $(| $alias)* => Some($name::$variant), )+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownWord;

            fn from_str(word: &str) -> Result<$name, UnknownWord> {
                $name::parse(word).ok_or_else(|| UnknownWord {
                    family: $family,
                    word: word.to_owned(),
                })
            }
        }
    };
}

words! {
    /// Where a ticket is in its life (the workflow is `ayuda_desk::status`).
    Status("status") {
        /// Filed, no agent has replied yet.
        New = "new",
        /// An agent is working on it.
        Open = "open",
        /// Waiting on the user; the resolution SLA clock is paused.
        Pending = "pending",
        /// Solved; the user can still reopen it by writing.
        Solved = "solved",
        /// Archived; read-only.
        Closed = "closed",
    }
}

impl Default for Status {
    /// A ticket starts new.
    fn default() -> Status {
        Status::New
    }
}

impl Status {
    /// New, open or pending: someone still owes the user something.
    pub const fn is_unsolved(self) -> bool {
        matches!(self, Status::New | Status::Open | Status::Pending)
    }

    /// Whether the resolution clock runs (not while waiting on the user).
    pub const fn sla_clock_runs(self) -> bool {
        matches!(self, Status::New | Status::Open)
    }
}

words! {
    /// How urgent a request is. Ordered: `L1 < L2 < L3`.
    Level("level") {
        /// A one-off question or small issue, quickly solved.
        L1 = "l1",
        /// A recurring problem that blocks use of the software, with a workaround.
        L2 = "l2",
        /// Urgent and complex: the user cannot work; needs immediate mitigation.
        L3 = "l3",
    }
}

words! {
    /// The answer to the contact form's impact question; the level is derived from it, never
    /// chosen by the user ("when everything is urgent, nothing is urgent").
    Impact("impact") {
        /// "I can't work at all."
        Blocked = "blocked" | "cant_work",
        /// "Something is broken but I can work around it."
        Degraded = "degraded" | "broken_with_workaround",
        /// "A question or a small issue."
        Question = "question",
    }
}

impl Impact {
    /// The request level this impact implies.
    pub const fn level(self) -> Level {
        match self {
            Impact::Blocked => Level::L3,
            Impact::Degraded => Level::L2,
            Impact::Question => Level::L1,
        }
    }
}

words! {
    /// Who handles a request. Tickets start at the first line (self-service never holds a
    /// ticket, it only deflects them) and escalate one tier at a time.
    Tier("tier") {
        /// Knowledge base and FAQ.
        SelfService = "self_service",
        /// First line: most requests end here.
        FirstLine = "first_line",
        /// Second line: complex cases, deep product knowledge.
        SecondLine = "second_line",
        /// Third line: custom work, R&D.
        ThirdLine = "third_line",
    }
}

words! {
    /// Who wrote a message.
    Author("author") {
        /// The visitor or identified user who asked for help.
        User = "user",
        /// A staff member.
        Agent = "agent",
        /// The automatic first reply and other automation.
        Bot = "bot",
        /// Notices from the system itself.
        System = "system",
    }
}

words! {
    /// The user's answer to "How did we do?".
    Rating("rating") {
        Good = "good",
        Okay = "okay",
        Bad = "bad",
    }
}

words! {
    /// An SLA clock (or the worse of a ticket's two) as of now. Ordered: `Ok < DueSoon <
    /// Breached`. When each applies is `ayuda_desk::sla`'s business.
    SlaState("SLA state") {
        /// Within target (or met).
        Ok = "ok",
        /// Running and close to its due time.
        DueSoon = "due_soon",
        /// Past its due time (or met late).
        Breached = "breached",
    }
}

words! {
    /// The `event:` names of a ticket's server-sent event stream.
    StreamEvent("stream event") {
        /// `data`: one [`crate::PublicMessage`] (staff: a staff message); `id:` is its id.
        Message = "message",
        /// `data`: the ticket as the listener sees it, after a status, CSAT or read change.
        Ticket = "ticket",
        /// `data`: a [`Typing`]: someone on the other side is typing.
        Typing = "typing",
    }
}

/// `event: typing` on a ticket's stream.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Typing {
    /// [`Author::User`] on the staff stream, [`Author::Agent`] on the user's.
    pub author: Author,
    /// The agent's display name.
    #[serde(default)]
    pub name: Option<String>,
}

/// What a user may attach to a ticket or message.
pub mod attachment_limits {
    /// Files per ticket or message.
    pub const MAX_FILES: usize = 5;
    /// Largest file, bytes.
    pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
    /// The types accepted, decided by the file's bytes (never by its name).
    pub const ACCEPTED_TYPES: [&str; 5] = [
        "image/png",
        "image/jpeg",
        "image/webp",
        "application/pdf",
        "text/plain",
    ];
    /// The `accept` attribute of the widget's file input, matching [`ACCEPTED_TYPES`].
    pub const ACCEPT_ATTRIBUTE: &str = "image/png,image/jpeg,image/webp,application/pdf,text/plain";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_round_trips_through_serde_and_parse() -> serde_json::Result<()> {
        fn check<T>(all: &[T]) -> serde_json::Result<()>
        where
            T: Copy
                + std::fmt::Debug
                + PartialEq
                + Serialize
                + serde::de::DeserializeOwned
                + std::fmt::Display
                + std::str::FromStr,
        {
            for word in all {
                let json = serde_json::to_string(word)?;
                assert_eq!(json, format!("\"{word}\""));
                assert_eq!(serde_json::from_str::<T>(&json)?, *word);
                assert!(word.to_string().parse::<T>().ok() == Some(*word));
            }
            Ok(())
        }
        check(&Status::ALL)?;
        check(&Level::ALL)?;
        check(&Impact::ALL)?;
        check(&Tier::ALL)?;
        check(&Author::ALL)?;
        check(&Rating::ALL)?;
        check(&SlaState::ALL)?;
        check(&StreamEvent::ALL)
    }

    #[test]
    fn older_spellings_and_unknown_words() -> serde_json::Result<()> {
        assert_eq!(Impact::parse("cant_work"), Some(Impact::Blocked));
        assert_eq!(
            serde_json::from_str::<Impact>("\"broken_with_workaround\"")?,
            Impact::Degraded
        );
        assert_eq!(
            "urgent".parse::<Level>(),
            Err(UnknownWord {
                family: "level",
                word: "urgent".to_owned()
            })
        );
        assert!(serde_json::from_str::<Status>("\"Solved\"").is_err());
        Ok(())
    }

    #[test]
    fn impact_derives_the_level_and_levels_are_ordered() {
        assert_eq!(Impact::Blocked.level(), Level::L3);
        assert_eq!(Impact::Degraded.level(), Level::L2);
        assert_eq!(Impact::Question.level(), Level::L1);
        assert!(Level::L1 < Level::L2 && Level::L2 < Level::L3);
        assert!(Tier::FirstLine < Tier::SecondLine);
    }

    #[test]
    fn accept_attribute_lists_every_accepted_type() {
        for kind in attachment_limits::ACCEPTED_TYPES {
            assert!(attachment_limits::ACCEPT_ATTRIBUTE.contains(kind), "{kind}");
        }
    }
}
