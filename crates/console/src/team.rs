//! The team list's search and pages, done in the browser: the server sends every staff account
//! at once (a help centre has tens of them, not thousands).

use ayuda_api::{Role, User};

use crate::paging::PAGE_SIZE;

/// The most characters of a search kept.
pub const MAX_SEARCH_CHARS: usize = 200;

/// Whether `user` matches `search`: a case-insensitive part of the e-mail, or the role's code
/// (`admin`), or nothing typed.
pub fn matches(user: &User, search: &str) -> bool {
    let search = search.trim().to_lowercase();
    search.is_empty() || user.email.to_lowercase().contains(&search) || user.role.as_str() == search
}

/// One page (1-based) of the members matching `search`, sorted by e-mail, and how many match
/// in all. A page past the end shows the last page.
pub fn page(users: &[User], search: &str, page: u32) -> (Vec<User>, usize, u32) {
    let mut matching: Vec<&User> = users.iter().filter(|u| matches(u, search)).collect();
    matching.sort_by_cached_key(|user| user.email.to_lowercase());
    let total = matching.len();
    let size = PAGE_SIZE as usize;
    let pages = total.div_ceil(size).max(1);
    let page = usize::try_from(page).unwrap_or(usize::MAX).clamp(1, pages);
    let shown = matching
        .into_iter()
        .skip((page - 1) * size)
        .take(size)
        .cloned()
        .collect();
    (shown, total, u32::try_from(page).unwrap_or(1))
}

/// How many active admins there are: the last one can be neither demoted nor switched off
/// (the server refuses; the screen says so before asking).
pub fn active_admins(users: &[User]) -> usize {
    users
        .iter()
        .filter(|u| u.active && u.role == Role::Admin)
        .count()
}

/// Whether `user` is the last active admin among `users`.
pub fn is_last_admin(users: &[User], user: &User) -> bool {
    user.active && user.role == Role::Admin && active_admins(users) <= 1
}

/// The list with `changed` in place of the member with its id (or added).
pub fn replaced(users: &[User], changed: &User) -> Vec<User> {
    let mut out: Vec<User> = users.to_vec();
    match out.iter_mut().find(|u| u.id == changed.id) {
        Some(slot) => *slot = changed.clone(),
        None => out.push(changed.clone()),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Members as the server sends them (built from JSON: the wire type may grow fields).
    fn member(id: i64, email: &str, role: &str, active: bool) -> User {
        serde_json::from_value(serde_json::json!({
            "id": id,
            "email": email,
            "role": role,
            "created_at": "2026-12-01T10:00:00Z",
            "active": active,
        }))
        .expect("a member")
    }

    fn team(count: i64) -> Vec<User> {
        (1..=count)
            .map(|i| member(i, &format!("m{i:02}@example.com"), "editor", true))
            .collect()
    }

    #[test]
    fn search_by_email_part_or_role() {
        let ana = member(1, "Ana.Lopez@example.com", "admin", true);
        assert!(matches(&ana, ""));
        assert!(matches(&ana, "  lopez "));
        assert!(matches(&ana, "ANA"));
        assert!(matches(&ana, "admin"));
        assert!(!matches(&ana, "editor"));
        assert!(!matches(&ana, "bruno"));
    }

    #[test]
    fn pages_of_twenty_sorted_by_email() {
        let mut members = team(45);
        members.reverse();
        let (first, total, page_no) = page(&members, "", 1);
        assert_eq!((first.len(), total, page_no), (20, 45, 1));
        assert_eq!(first[0].email, "m01@example.com");
        let (third, _, _) = page(&members, "", 3);
        assert_eq!(third.len(), 5);
        assert_eq!(third[4].email, "m45@example.com");
        // Past the end: the last page; before the start: the first.
        assert_eq!(page(&members, "", 9).2, 3);
        assert_eq!(page(&members, "", 0).2, 1);
        // Nothing matches: an empty first page.
        assert_eq!(page(&members, "nobody", 2), (Vec::new(), 0, 1));
        let (found, total, _) = page(&members, "m4", 1);
        assert_eq!((found.len(), total), (6, 6));
    }

    #[test]
    fn the_last_active_admin_is_known() {
        let ana = member(1, "ana@example.com", "admin", true);
        let bea = member(2, "bea@example.com", "admin", false);
        let cris = member(3, "cris@example.com", "agent", true);
        let members = vec![ana.clone(), bea.clone(), cris.clone()];
        assert_eq!(active_admins(&members), 1);
        assert!(is_last_admin(&members, &ana));
        assert!(!is_last_admin(&members, &bea));
        assert!(!is_last_admin(&members, &cris));
        let both = replaced(&members, &member(2, "bea@example.com", "admin", true));
        assert!(!is_last_admin(&both, &ana));
        assert_eq!(both.len(), 3);
        assert_eq!(
            replaced(&members, &member(4, "d@example.com", "agent", true)).len(),
            4
        );
    }
}
