//! Dropping stale responses: only the latest request of a kind may update the screen.
//!
//! Search-as-you-type fires a request per pause in typing; responses can arrive out of order
//! (a short query is often slower than a longer, more selective one). Each request takes a
//! [`Ticket`]; when its response arrives it is rendered only if no newer ticket was issued.
//! The same ticket doubles as the debounce: a timer that fires for an outdated ticket does
//! nothing.

/// The number of one request in its sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ticket(u64);

/// Issues tickets and remembers the latest.
#[derive(Clone, Copy, Debug, Default)]
pub struct Latest {
    issued: u64,
}

impl Latest {
    /// A ticket for a new request; every earlier ticket becomes stale.
    pub fn issue(&mut self) -> Ticket {
        self.issued += 1;
        Ticket(self.issued)
    }

    /// True if `ticket` belongs to the newest request.
    pub fn is_current(&self, ticket: Ticket) -> bool {
        ticket.0 == self.issued
    }

    /// Makes every ticket issued so far stale (the query was cleared, the view changed).
    pub fn invalidate(&mut self) {
        self.issued += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_latest_ticket_is_current() {
        let mut latest = Latest::default();
        let first = latest.issue();
        assert!(latest.is_current(first));
        let second = latest.issue();
        assert!(!latest.is_current(first));
        assert!(latest.is_current(second));
    }

    #[test]
    fn a_late_answer_to_an_old_query_is_dropped() {
        let mut latest = Latest::default();
        let slow = latest.issue();
        let fast = latest.issue();
        // `fast` answers first and is shown; `slow` answers later and must not replace it.
        assert!(latest.is_current(fast));
        assert!(!latest.is_current(slow));
    }

    #[test]
    fn invalidate_makes_everything_stale() {
        let mut latest = Latest::default();
        let ticket = latest.issue();
        latest.invalidate();
        assert!(!latest.is_current(ticket));
    }
}
