//! The crate's single error type.
//!
//! Every variant is a *user* error: the desk does no I/O, so anything that goes wrong is caused
//! by its input (a forbidden transition, an invalid schedule, a second survey answer). The server
//! maps all of them to 4xx responses; none of them should ever be logged as an internal fault.

use ayuda_api::{Status, Tier};

use crate::event::Event;

/// A `Result` with the desk's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything the desk can refuse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A ticket at the last tier cannot be escalated further.
    #[error("a ticket at {0:?} cannot be escalated any further")]
    TopTier(Tier),

    /// The user wrote to a closed ticket.
    #[error("closed tickets cannot be reopened; open a follow-up")]
    ClosedTicket,

    /// The status workflow does not allow this event in this status.
    #[error("cannot apply {event:?} to a {from:?} ticket")]
    InvalidTransition {
        /// The ticket's status when the event arrived.
        from: Status,
        /// The refused event.
        event: Event,
    },

    /// The time zone name is not in the IANA database bundled with the desk.
    #[error("unknown time zone {0:?}")]
    UnknownTimeZone(String),

    /// A business-hours interval does not start before it ends.
    #[error("business hours on day {day}: interval {start}–{end} does not start before it ends")]
    EmptyInterval {
        /// 0 = Monday … 6 = Sunday.
        day: usize,
        /// The interval's start (local time).
        start: String,
        /// The interval's end (local time; 00:00 means midnight at the end of the day).
        end: String,
    },

    /// Business-hours intervals of one day overlap or are not in order.
    #[error("business hours on day {day}: intervals must be sorted and must not overlap")]
    UnsortedIntervals {
        /// 0 = Monday … 6 = Sunday.
        day: usize,
    },

    /// The ticket's status history is not in chronological order.
    #[error("the status history must be in chronological order")]
    UnsortedHistory,

    /// The CSAT survey is only offered on solved tickets.
    #[error("the satisfaction survey is only offered once a ticket is solved")]
    SurveyNotOffered,

    /// The CSAT survey was already answered.
    #[error("the satisfaction survey was already answered")]
    AlreadyAnswered,

    /// The CSAT comment is longer than allowed.
    #[error("the comment is longer than {max} characters")]
    CommentTooLong {
        /// The limit, in characters.
        max: usize,
    },
}
