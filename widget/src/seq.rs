//! Dropping stale responses: only the latest request of a kind may update the screen.
//!
//! Search-as-you-type fires a request per keystroke; responses can arrive out of order
//! (a short query is often slower than a longer, more selective one). Each request takes a
//! [`Ticket`]; when its response arrives it is rendered only if no newer ticket was issued.
//! [`OneInFlight`] keeps a user to one search on the server at a time without a debounce.

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

/// At most one request of a kind out at a time. Search-as-you-type asks at every keystroke
/// without a debounce: a keystroke while a search is out waits for its answer, and of the
/// keystrokes that waited only the newest is sent. A typist never waits for a timer, and a
/// user never has more than one search on the server.
#[derive(Debug)]
pub struct OneInFlight<T> {
    busy: bool,
    waiting: Option<T>,
}

impl<T> Default for OneInFlight<T> {
    fn default() -> Self {
        Self {
            busy: false,
            waiting: None,
        }
    }
}

impl<T> OneInFlight<T> {
    /// `request` is to be sent: returns it when nothing is out (it is out from now on), else
    /// keeps it in place of any earlier one waiting.
    pub fn offer(&mut self, request: T) -> Option<T> {
        if self.busy {
            self.waiting = Some(request);
            None
        } else {
            self.busy = true;
            Some(request)
        }
    }

    /// The request out was answered (or failed): returns the one waiting, which is out from
    /// now on, if any.
    pub fn answered(&mut self) -> Option<T> {
        let next = self.waiting.take();
        self.busy = next.is_some();
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_request_out_and_only_the_newest_waits() {
        let mut gate = OneInFlight::default();
        assert_eq!(gate.offer("f"), Some("f"));
        assert_eq!(gate.offer("fa"), None);
        assert_eq!(gate.offer("fac"), None);
        // "f" answered: "fac" goes, "fa" never does.
        assert_eq!(gate.answered(), Some("fac"));
        assert_eq!(gate.offer("fact"), None);
        assert_eq!(gate.answered(), Some("fact"));
        assert_eq!(gate.answered(), None);
        // Nothing out: the next keystroke goes at once.
        assert_eq!(gate.offer("factura"), Some("factura"));
        assert_eq!(gate.answered(), None);
        // An extra answer (a failure reported twice) frees nothing it should not.
        assert_eq!(gate.answered(), None);
        assert_eq!(gate.offer("x"), Some("x"));
    }

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
