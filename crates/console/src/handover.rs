//! Handing the page over to another bundle (`bundle.rs`): the address stays, the page is loaded
//! again, and the server serves the bundle of whoever is signed in now. A counter in
//! `sessionStorage` stops a loop (the page and the API disagreeing about the session): a bundle
//! that serves who it finds clears it, and past [`MAX_RELOADS`] reloads in a row without that,
//! the page stops reloading and says the server failed, with a "Try again". Without
//! `sessionStorage` (refused by the browser, as it is when cookies are blocked, where no session
//! can work anyway) the page never reloads by itself. The sign-in notice ("You have signed
//! out.") travels across the reload in `sessionStorage` too.

use web_sys::Storage;

use crate::dom;

/// Reloads in a row before the page gives up.
pub const MAX_RELOADS: u32 = 3;

/// Where the reloads in a row are counted.
const RELOADS_KEY: &str = "ayuda-console-handovers";

/// Where the reason for the sign-in screen waits for the sign-in bundle.
const NOTICE_KEY: &str = "ayuda-console-notice";

/// The count kept under [`RELOADS_KEY`]: anything unreadable counts as none.
pub fn parse_count(stored: Option<&str>) -> u32 {
    stored.and_then(|s| s.trim().parse().ok()).unwrap_or(0)
}

/// Whether the page may reload itself again after `done` reloads in a row.
pub fn may_reload(done: u32) -> bool {
    done < MAX_RELOADS
}

fn session_storage() -> Option<Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Reloads the page for the next bundle, unless it has done so [`MAX_RELOADS`] times in a row
/// (or cannot count them): `false` then, and nothing happens.
pub fn reload() -> bool {
    let Some(storage) = session_storage() else {
        return false;
    };
    let done = parse_count(storage.get_item(RELOADS_KEY).ok().flatten().as_deref());
    if !may_reload(done) {
        return false;
    }
    if storage
        .set_item(RELOADS_KEY, &(done + 1).to_string())
        .is_err()
    {
        return false;
    }
    // Nothing unsaved is left (the screen that had it is gone, and kept its draft): the browser
    // must not ask.
    dom::warn_before_unload(false);
    web_sys::window().is_some_and(|window| window.location().reload().is_ok())
}

/// This bundle serves who it found: the reloads in a row start again from none.
pub fn settled() {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(RELOADS_KEY);
    }
}

/// Leaves `notice` (its key) for the sign-in screen after the reload.
pub fn leave_notice(notice: &str) {
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(NOTICE_KEY, notice);
    }
}

/// Takes the notice a bundle left before it reloaded, if any.
pub fn take_notice() -> Option<String> {
    let storage = session_storage()?;
    let notice = storage.get_item(NOTICE_KEY).ok().flatten()?;
    let _ = storage.remove_item(NOTICE_KEY);
    Some(notice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_reloads_in_a_row_then_none() {
        assert!(may_reload(parse_count(None)));
        assert!(may_reload(parse_count(Some("garbage"))));
        assert!(may_reload(parse_count(Some("-1"))));
        assert!(may_reload(parse_count(Some(" 2 "))));
        assert!(!may_reload(parse_count(Some("3"))));
        assert!(!may_reload(parse_count(Some("4000000000"))));
        let mut done = 0;
        while may_reload(done) {
            done += 1;
        }
        assert_eq!(done, MAX_RELOADS);
    }
}
