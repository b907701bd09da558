//! The ticket status workflow: new → open → pending → solved → closed.
//!
//! [`Workflow::apply`] is the only way a status changes. The full table (rows: current status,
//! columns: event; `—` is refused with [`Error::InvalidTransition`]):
//!
//! | from \ event | `AgentReplied` | `AgentSetPending` | `UserReplied`  | `Solve`  | `Close`  | `Reopen` |
//! |--------------|----------------|-------------------|----------------|----------|----------|----------|
//! | `New`        | Open           | Pending           | New            | Solved   | —        | —        |
//! | `Open`       | Open           | Pending           | Open           | Solved   | —        | —        |
//! | `Pending`    | Open           | Pending           | Open           | Solved   | —        | —        |
//! | `Solved`     | Solved         | —                 | Open (reopen)  | —        | Closed   | Open     |
//! | `Closed`     | —              | —                 | `ClosedTicket` | —        | —        | —        |
//!
//! Why: a public reply from an agent means the team is working on it (open); "pending" means
//! waiting on the user, so the user's answer brings the ticket back to the agents. A user writing
//! to a solved ticket reopens it, but a closed ticket is archived: the user gets
//! [`Error::ClosedTicket`] and the server opens a follow-up ticket instead. An agent may add a
//! public comment to a solved ticket (a courtesy "glad it worked") without reopening it; to ask
//! the user something again, the agent reopens first.

pub use crate::event::Event;
pub use ayuda_api::Status;

use crate::error::{Error, Result};

/// The workflow: [`Workflow::apply`] is the only way a status changes.
pub trait Workflow: Sized {
    /// The status after `event`; see the module documentation for the table.
    fn apply(self, event: Event) -> Result<Self>;
}

impl Workflow for Status {
    fn apply(self, event: Event) -> Result<Status> {
        use Event as E;
        use Status as S;
        match (self, event) {
            (S::New | S::Open | S::Pending, E::AgentReplied) => Ok(S::Open),
            (S::Solved, E::AgentReplied) => Ok(S::Solved),
            (S::New | S::Open | S::Pending, E::AgentSetPending) => Ok(S::Pending),
            (S::New, E::UserReplied) => Ok(S::New),
            (S::Open | S::Pending | S::Solved, E::UserReplied) => Ok(S::Open),
            (S::Closed, E::UserReplied) => Err(Error::ClosedTicket),
            (S::New | S::Open | S::Pending, E::Solve) => Ok(S::Solved),
            (S::Solved, E::Close) => Ok(S::Closed),
            (S::Solved, E::Reopen) => Ok(S::Open),
            (from, event) => Err(Error::InvalidTransition { from, event }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The module table, written out once more: `None` means refused.
    fn expected(from: Status, event: Event) -> Option<Status> {
        use Event as E;
        use Status as S;
        let row: [Option<Status>; 6] = match from {
            S::New => [
                Some(S::Open),
                Some(S::Pending),
                Some(S::New),
                Some(S::Solved),
                None,
                None,
            ],
            S::Open => [
                Some(S::Open),
                Some(S::Pending),
                Some(S::Open),
                Some(S::Solved),
                None,
                None,
            ],
            S::Pending => [
                Some(S::Open),
                Some(S::Pending),
                Some(S::Open),
                Some(S::Solved),
                None,
                None,
            ],
            S::Solved => [
                Some(S::Solved),
                None,
                Some(S::Open),
                None,
                Some(S::Closed),
                Some(S::Open),
            ],
            S::Closed => [None, None, None, None, None, None],
        };
        let column = match event {
            E::AgentReplied => 0,
            E::AgentSetPending => 1,
            E::UserReplied => 2,
            E::Solve => 3,
            E::Close => 4,
            E::Reopen => 5,
        };
        row[column]
    }

    #[test]
    fn every_status_event_pair_follows_the_table() {
        for from in Status::ALL {
            for event in Event::ALL {
                let got = from.apply(event);
                match expected(from, event) {
                    Some(to) => assert_eq!(got, Ok(to), "{from:?} + {event:?}"),
                    None if from == Status::Closed && event == Event::UserReplied => {
                        assert_eq!(got, Err(Error::ClosedTicket));
                    }
                    None => assert_eq!(
                        got,
                        Err(Error::InvalidTransition { from, event }),
                        "{from:?} + {event:?}"
                    ),
                }
            }
        }
    }

    #[test]
    fn closed_ticket_error_tells_the_user_what_to_do() {
        let message = Status::Closed
            .apply(Event::UserReplied)
            .map_err(|e| e.to_string());
        assert_eq!(
            message,
            Err("closed tickets cannot be reopened; open a follow-up".to_owned())
        );
    }

    #[test]
    fn user_reply_reopens_a_solved_ticket() {
        assert_eq!(Status::Solved.apply(Event::UserReplied), Ok(Status::Open));
    }

    #[test]
    fn a_typical_life() -> Result<()> {
        let mut status = Status::New;
        for event in [
            Event::AgentReplied,
            Event::AgentSetPending,
            Event::UserReplied,
            Event::Solve,
            Event::Close,
        ] {
            status = status.apply(event)?;
        }
        assert_eq!(status, Status::Closed);
        Ok(())
    }

    #[test]
    fn clock_and_backlog_predicates() {
        assert!(Status::New.sla_clock_runs() && Status::Open.sla_clock_runs());
        assert!(!Status::Pending.sla_clock_runs() && !Status::Solved.sla_clock_runs());
        assert!(
            Status::Pending.is_unsolved()
                && !Status::Solved.is_unsolved()
                && !Status::Closed.is_unsolved()
        );
    }
}
