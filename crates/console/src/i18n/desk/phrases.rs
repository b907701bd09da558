//! The agents' workspace's strings with numbers, names or words from the API in them, and the
//! names of the API's words.

use ayuda_api::{Author, Level, Status, Tier};

use super::DeskText;
use crate::desk_bulk::Summary;
use crate::desk_clock::{Clock, span_text};
use crate::desk_keys::Shortcut;
use crate::desk_ticket::FileProblem;
use crate::i18n::{Locale, tr};

/// A ticket status's name.
pub fn ticket_status(status: Status) -> DeskText {
    match status {
        Status::New => DeskText::StatusNew,
        Status::Open => DeskText::StatusOpen,
        Status::Pending => DeskText::StatusPending,
        Status::Solved => DeskText::StatusSolved,
        Status::Closed => DeskText::StatusClosed,
    }
}

/// A tier's name.
pub fn ticket_tier(tier: Tier) -> DeskText {
    match tier {
        Tier::SelfService => DeskText::TierSelfService,
        Tier::FirstLine => DeskText::TierFirstLine,
        Tier::SecondLine => DeskText::TierSecondLine,
        Tier::ThirdLine => DeskText::TierThirdLine,
    }
}

/// Who wrote a message, when it has no name.
pub fn message_author(author: Author) -> DeskText {
    match author {
        Author::User => DeskText::AuthorUser,
        Author::Agent => DeskText::AuthorAgent,
        Author::Bot => DeskText::AuthorBot,
        Author::System => DeskText::AuthorSystem,
    }
}

/// "L1", "L2", "L3" (the same in both languages).
pub fn ticket_level(level: Level) -> &'static str {
    match level {
        Level::L1 => "L1",
        Level::L2 => "L2",
        Level::L3 => "L3",
    }
}

/// An SLA clock in words: "2 h 5 min left", "Breached 10 min ago", "Met"…
pub fn sla_clock_text(locale: Locale, clock: Clock) -> String {
    let fixed = |text: DeskText| tr(locale, text.into()).to_owned();
    match (clock, locale) {
        (Clock::None, _) => fixed(DeskText::NoTarget),
        (Clock::Met, _) => fixed(DeskText::Met),
        (Clock::MetLate, _) => fixed(DeskText::MetLate),
        (Clock::Paused, _) => fixed(DeskText::Paused),
        (Clock::Left { ms, .. }, Locale::Es) => format!("Quedan {}", span_text(ms)),
        (Clock::Left { ms, .. }, Locale::En) => format!("{} left", span_text(ms)),
        (Clock::Overdue { ms }, Locale::Es) => format!("Incumplido hace {}", span_text(ms)),
        (Clock::Overdue { ms }, Locale::En) => format!("Breached {} ago", span_text(ms)),
    }
}

/// " tickets" after a view's count, for screen readers ("3 tickets").
pub fn tickets_count(locale: Locale, count: i64) -> String {
    match (locale, count) {
        (Locale::Es, 1) => "1 ticket".to_owned(),
        (Locale::Es, n) => format!("{n} tickets"),
        (Locale::En, 1) => "1 ticket".to_owned(),
        (Locale::En, n) => format!("{n} tickets"),
    }
}

/// "3 selected" / "No tickets selected".
pub fn tickets_selected(locale: Locale, count: usize) -> String {
    match (locale, count) {
        (Locale::Es, 0) => "Ningún ticket seleccionado".to_owned(),
        (Locale::Es, 1) => "1 seleccionado".to_owned(),
        (Locale::Es, n) => format!("{n} seleccionados"),
        (Locale::En, 0) => "No tickets selected".to_owned(),
        (Locale::En, n) => format!("{n} selected"),
    }
}

/// A bulk action's outcome: "Changed 3 tickets." / "2 changed, 1 refused: …" / "None changed: …".
pub fn bulk_summary(locale: Locale, summary: Summary, details: &str) -> String {
    match (locale, summary) {
        (Locale::Es, Summary::AllDone(1)) => "1 ticket cambiado.".to_owned(),
        (Locale::Es, Summary::AllDone(n)) => format!("{n} tickets cambiados."),
        (Locale::En, Summary::AllDone(1)) => "Changed 1 ticket.".to_owned(),
        (Locale::En, Summary::AllDone(n)) => format!("Changed {n} tickets."),
        (Locale::Es, Summary::Partial { done, refused }) => {
            format!("{done} cambiados, {refused} rechazados: {details}.")
        }
        (Locale::En, Summary::Partial { done, refused }) => {
            format!("{done} changed, {refused} refused: {details}.")
        }
        (Locale::Es, Summary::NoneDone(_)) => format!("No se cambió ninguno: {details}."),
        (Locale::En, Summary::NoneDone(_)) => format!("None changed: {details}."),
    }
}

/// "Ana is viewing", "Ana and Luis are viewing", "Ana is typing…".
pub fn viewers_text(locale: Locale, viewing: &[String], typing: &[String]) -> String {
    let list = |names: &[String]| match (locale, names) {
        (_, [one]) => one.clone(),
        (Locale::Es, [rest @ .., last]) => format!("{} y {last}", rest.join(", ")),
        (Locale::En, [rest @ .., last]) => format!("{} and {last}", rest.join(", ")),
        (_, []) => String::new(),
    };
    let mut parts = Vec::new();
    if !typing.is_empty() {
        parts.push(match (locale, typing.len()) {
            (Locale::Es, 1) => format!("{} está escribiendo…", list(typing)),
            (Locale::Es, _) => format!("{} están escribiendo…", list(typing)),
            (Locale::En, 1) => format!("{} is typing…", list(typing)),
            (Locale::En, _) => format!("{} are typing…", list(typing)),
        });
    }
    if !viewing.is_empty() {
        parts.push(match (locale, viewing.len()) {
            (Locale::Es, 1) => format!("{} está viendo este ticket", list(viewing)),
            (Locale::Es, _) => format!("{} están viendo este ticket", list(viewing)),
            (Locale::En, 1) => format!("{} is viewing this ticket", list(viewing)),
            (Locale::En, _) => format!("{} are viewing this ticket", list(viewing)),
        });
    }
    parts.join(" · ")
}

/// "Ana López is typing…" (the requester, on the ticket's stream).
pub fn requester_typing(locale: Locale, name: &str) -> String {
    match locale {
        Locale::Es => format!("{name} está escribiendo…"),
        Locale::En => format!("{name} is typing…"),
    }
}

/// "Ticket 3 of 20 in the list".
pub fn position_text(locale: Locale, position: usize, count: usize) -> String {
    match locale {
        Locale::Es => format!("Ticket {position} de {count} de la lista"),
        Locale::En => format!("Ticket {position} of {count} in the list"),
    }
}

/// The held reply's alert (409 `newer_messages`).
pub fn held_text(locale: Locale, server: Option<&str>) -> String {
    let server = server.map(|s| format!(" ({s})")).unwrap_or_default();
    match locale {
        Locale::Es => format!(
            "No se envió: llegaron mensajes nuevos mientras escribías{server}. Léelos arriba y \
             envía de todos modos o edita la respuesta."
        ),
        Locale::En => format!(
            "Not sent: new messages arrived while you wrote{server}. Read them above, then send \
             anyway or edit your reply."
        ),
    }
}

/// "Sends at {when}" for a scheduled reply.
pub fn sends_at(locale: Locale, when: &str, internal: bool) -> String {
    match (locale, internal) {
        (Locale::Es, false) => format!("Respuesta, se envía el {when}"),
        (Locale::Es, true) => format!("Nota, se añade el {when}"),
        (Locale::En, false) => format!("Reply, sends at {when}"),
        (Locale::En, true) => format!("Note, added at {when}"),
    }
}

/// The name of a saved view's delete button.
pub fn delete_view_label(locale: Locale, name: &str) -> String {
    match locale {
        Locale::Es => format!("Eliminar la vista «{name}»"),
        Locale::En => format!("Delete the view “{name}”"),
    }
}

/// The name of a file's remove button.
pub fn remove_file_label(locale: Locale, name: &str) -> String {
    match locale {
        Locale::Es => format!("Quitar {name}"),
        Locale::En => format!("Remove {name}"),
    }
}

/// A refused file: too large, wrong kind or too many.
pub fn file_refused(locale: Locale, name: &str, reason: &str) -> String {
    match locale {
        Locale::Es => format!("No se pudo adjuntar {name}: {reason}"),
        Locale::En => format!("Could not attach {name}: {reason}"),
    }
}

/// Why a file cannot be attached.
pub fn file_problem(locale: Locale, problem: FileProblem) -> &'static str {
    match (locale, problem) {
        (Locale::Es, FileProblem::TooMany) => "como mucho 5 archivos por mensaje.",
        (Locale::Es, FileProblem::TooLarge) => "los archivos tienen un límite de 10 MB.",
        (Locale::Es, FileProblem::WrongType) => "solo imágenes PNG, JPEG o WebP, PDF y texto.",
        (Locale::En, FileProblem::TooMany) => "at most 5 files per message.",
        (Locale::En, FileProblem::TooLarge) => "files are limited to 10 MB.",
        (Locale::En, FileProblem::WrongType) => "only PNG, JPEG or WebP images, PDF and text.",
    }
}

/// "Assigned to Ana." and the like after an action.
pub fn assigned_to(locale: Locale, name: &str) -> String {
    match locale {
        Locale::Es => format!("Asignado a {name}."),
        Locale::En => format!("Assigned to {name}."),
    }
}

/// "Snoozed until 9 Dec 2026, 09:00." (what an action did, and the header's fact).
pub fn snoozed_until(locale: Locale, when: &str) -> String {
    match locale {
        Locale::Es => format!("Pospuesto hasta el {when}"),
        Locale::En => format!("Snoozed until {when}"),
    }
}

/// "Merged into ticket #57".
pub fn merged_into(locale: Locale, id: i64) -> String {
    match locale {
        Locale::Es => format!("Fusionado en el ticket n.º {id}"),
        Locale::En => format!("Merged into ticket #{id}"),
    }
}

/// "Split into ticket #57."
pub fn split_into(locale: Locale, id: i64) -> String {
    match locale {
        Locale::Es => format!("Mensaje separado en el ticket n.º {id}."),
        Locale::En => format!("Message split into ticket #{id}."),
    }
}

/// What applying a macro changes besides its reply.
pub fn macro_changes(
    locale: Locale,
    status: Option<&str>,
    tags: &[String],
    level: Option<&str>,
) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(status) = status {
        out.push(match locale {
            Locale::Es => format!("Deja el ticket en «{status}»"),
            Locale::En => format!("Sets the status to “{status}”"),
        });
    }
    if !tags.is_empty() {
        out.push(match locale {
            Locale::Es => format!("Añade las etiquetas: {}", tags.join(", ")),
            Locale::En => format!("Adds the tags: {}", tags.join(", ")),
        });
    }
    if let Some(level) = level {
        out.push(match locale {
            Locale::Es => format!("Cambia el nivel a {level}"),
            Locale::En => format!("Sets the level to {level}"),
        });
    }
    out
}

/// The warning for placeholders the server will leave as written.
pub fn unfilled_text(locale: Locale, names: &[String]) -> String {
    let names = names
        .iter()
        .map(|n| format!("{{{{{n}}}}}"))
        .collect::<Vec<_>>()
        .join(", ");
    match locale {
        Locale::Es => format!("Quedarán sin rellenar: {names}"),
        Locale::En => format!("Will stay unfilled: {names}"),
    }
}

/// The desktop notification's title and body.
pub fn desk_notification(locale: Locale, new_ticket: bool, id: i64) -> (String, String) {
    match (locale, new_ticket) {
        (Locale::Es, true) => (
            "Ticket nuevo".to_owned(),
            format!("Ha llegado el ticket n.º {id}."),
        ),
        (Locale::Es, false) => (
            "Mensaje nuevo".to_owned(),
            format!("Nuevo mensaje en tu ticket n.º {id}."),
        ),
        (Locale::En, true) => (
            "New ticket".to_owned(),
            format!("Ticket #{id} has arrived."),
        ),
        (Locale::En, false) => (
            "New message".to_owned(),
            format!("New message on your ticket #{id}."),
        ),
    }
}

/// A shortcut's description.
pub fn shortcut_text(shortcut: Shortcut) -> DeskText {
    match shortcut {
        Shortcut::Next => DeskText::KeyNext,
        Shortcut::Previous => DeskText::KeyPrevious,
        Shortcut::Reply => DeskText::KeyReply,
        Shortcut::Note => DeskText::KeyNote,
        Shortcut::Macro => DeskText::KeyMacro,
        Shortcut::AssignMe => DeskText::KeyAssignMe,
        Shortcut::Solve => DeskText::KeySolve,
        Shortcut::Escalate => DeskText::KeyEscalate,
        Shortcut::Help => DeskText::KeyHelp,
        Shortcut::Palette => DeskText::KeyPalette,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_join_in_each_language() {
        let names = ["Ana".to_owned(), "Luis".to_owned(), "Eva".to_owned()];
        assert_eq!(
            viewers_text(Locale::En, &names[..2], &names[2..]),
            "Eva is typing… · Ana and Luis are viewing this ticket"
        );
        assert_eq!(
            viewers_text(Locale::Es, &names, &[]),
            "Ana, Luis y Eva están viendo este ticket"
        );
        assert_eq!(viewers_text(Locale::Es, &[], &[]), "");
    }

    #[test]
    fn clocks_and_summaries_read_well() {
        assert_eq!(
            sla_clock_text(
                Locale::En,
                Clock::Left {
                    ms: 125 * 60_000,
                    soon: false
                }
            ),
            "2 h 5 min left"
        );
        assert_eq!(
            sla_clock_text(Locale::Es, Clock::Overdue { ms: 600_000 }),
            "Incumplido hace 10 min"
        );
        assert_eq!(sla_clock_text(Locale::En, Clock::MetLate), "Met late");
        assert_eq!(
            bulk_summary(
                Locale::En,
                Summary::Partial {
                    done: 2,
                    refused: 1
                },
                "#3 X: no"
            ),
            "2 changed, 1 refused: #3 X: no."
        );
        assert_eq!(
            unfilled_text(Locale::En, &["order".to_owned()]),
            "Will stay unfilled: {{order}}"
        );
    }
}
