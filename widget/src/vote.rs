//! "Was this helpful?": the vote's state machine and where a visitor's vote is remembered.
//!
//! One vote per visitor and article: the server replaces an earlier vote by the same visitor
//! id, and the panel remembers the last answer per site, locale and slug so that reopening the
//! article shows it. The visitor may change their answer.

/// The vote widget of one article.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum VoteState {
    /// No vote yet.
    #[default]
    Open,
    /// A vote is on its way.
    Sending { helpful: bool },
    /// The server recorded it (now or on an earlier visit): show the thanks.
    Saved { helpful: bool },
    /// Sending failed: show the error with a retry that sends `helpful` again.
    Failed { helpful: bool },
}

impl VoteState {
    /// The state for a stored answer (`"yes"`/`"no"`, anything else counts as none).
    pub fn from_stored(stored: Option<&str>) -> VoteState {
        match stored {
            Some("yes") => VoteState::Saved { helpful: true },
            Some("no") => VoteState::Saved { helpful: false },
            _ => VoteState::Open,
        }
    }

    /// The user pressed Yes (`true`) or No. Returns the new state and whether to send it:
    /// nothing is sent while another vote is in flight or when repeating the saved answer.
    pub fn press(self, helpful: bool) -> (VoteState, bool) {
        match self {
            VoteState::Sending { .. } => (self, false),
            VoteState::Saved { helpful: saved } if saved == helpful => (self, false),
            _ => (VoteState::Sending { helpful }, true),
        }
    }

    /// The server answered.
    pub fn settle(self, ok: bool) -> VoteState {
        match self {
            VoteState::Sending { helpful } if ok => VoteState::Saved { helpful },
            VoteState::Sending { helpful } => VoteState::Failed { helpful },
            other => other,
        }
    }

    /// The answer shown as pressed (`aria-pressed`).
    pub fn chosen(self) -> Option<bool> {
        match self {
            VoteState::Open => None,
            VoteState::Sending { helpful }
            | VoteState::Saved { helpful }
            | VoteState::Failed { helpful } => Some(helpful),
        }
    }
}

/// The `localStorage` key of the vote on one article.
pub fn vote_key(site: &str, locale: &str, slug: &str) -> String {
    format!("ayuda.vote.{site}.{locale}.{slug}")
}

/// The stored form of an answer.
pub fn stored_answer(helpful: bool) -> &'static str {
    if helpful { "yes" } else { "no" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vote_is_sent_then_saved() {
        let (state, send) = VoteState::Open.press(true);
        assert!(send);
        assert_eq!(state, VoteState::Sending { helpful: true });
        assert_eq!(state.settle(true), VoteState::Saved { helpful: true });
    }

    #[test]
    fn a_failed_vote_can_be_retried() {
        let (state, _) = VoteState::Open.press(false);
        let failed = state.settle(false);
        assert_eq!(failed, VoteState::Failed { helpful: false });
        assert_eq!(
            failed.press(false),
            (VoteState::Sending { helpful: false }, true)
        );
    }

    #[test]
    fn the_answer_can_change_but_not_repeat() {
        let saved = VoteState::from_stored(Some("yes"));
        assert_eq!(saved.press(true), (saved, false));
        assert_eq!(
            saved.press(false),
            (VoteState::Sending { helpful: false }, true)
        );
    }

    #[test]
    fn clicks_while_sending_are_ignored() {
        let sending = VoteState::Sending { helpful: true };
        assert_eq!(sending.press(false), (sending, false));
    }

    #[test]
    fn stored_answers() {
        assert_eq!(VoteState::from_stored(None), VoteState::Open);
        assert_eq!(VoteState::from_stored(Some("maybe")), VoteState::Open);
        assert_eq!(
            VoteState::from_stored(Some(stored_answer(false))).chosen(),
            Some(false)
        );
        assert_eq!(vote_key("demo", "es", "pagos"), "ayuda.vote.demo.es.pagos");
    }
}
