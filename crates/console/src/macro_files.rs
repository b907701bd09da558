//! A macro's files, the pure parts: whether the admins' screen offers to add files to a macro,
//! which picked files it sends and which it refuses at once, the queue that uploads them one
//! at a time with each file's state, what a refusal is about, a file's format, and the copies
//! an agent's "Insert" adds to the reply's files.

use ayuda_api::{AttachmentInfo, attachment_limits};

use crate::api::{ApiError, Refusal};
use crate::desk_ticket::{self, FileProblem};

/// How many files a macro carries: as many as the reply they travel with (the server refuses
/// one more).
pub const MAX_MACRO_FILES: usize = attachment_limits::MAX_FILES;

/// Why files cannot be added to a macro now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Closed {
    /// A new macro: its files need its id, which saving gives it.
    Unsaved,
    /// Saved without a reply: files travel with the reply, so the server takes none.
    NoReply,
    /// It already carries [`MAX_MACRO_FILES`].
    Full,
}

/// Whether files may be added to a macro whose reply, as saved, is `saved_reply` (`None`: not
/// saved yet) and which carries `count` files. The reply being typed does not count: the
/// server looks at the saved one.
pub fn can_add(saved_reply: Option<&str>, count: usize) -> Result<(), Closed> {
    match saved_reply {
        None => Err(Closed::Unsaved),
        Some(reply) if reply.trim().is_empty() => Err(Closed::NoReply),
        Some(_) if count >= MAX_MACRO_FILES => Err(Closed::Full),
        Some(_) => Ok(()),
    }
}

/// Why a file did not join a macro: found before sending it, or the server's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// The macro would carry more than [`MAX_MACRO_FILES`].
    TooMany,
    /// Over [`attachment_limits::MAX_FILE_BYTES`] (413).
    TooLarge,
    /// Not PNG, JPEG, WebP, PDF or plain text, by the browser's guess or by its bytes (415).
    WrongType,
    /// The server refused it for a reason it words itself (400: the macro lost its reply, or
    /// filled up from another tab).
    Refused,
    /// The macro is gone (404).
    Gone,
    /// Anything else: the network, the session, the server.
    Failed(ApiError),
}

impl Why {
    /// What the server's refusal of an upload is about.
    pub fn of(refusal: &Refusal) -> Why {
        match refusal.error {
            ApiError::TooLarge => Why::TooLarge,
            ApiError::UnsupportedMedia => Why::WrongType,
            ApiError::InvalidInput => Why::Refused,
            ApiError::NotFound => Why::Gone,
            other => Why::Failed(other),
        }
    }
}

/// Whether a picked file of the browser's `content_type` and `size` bytes is sent, with
/// `taken` files already on the macro or on their way. An empty type is the server's to judge
/// (it decides by the bytes anyway).
/// The reply's own check ([`desk_ticket::check_file`]): a macro carries as many files as the
/// reply they travel with.
pub fn check_file(content_type: &str, size: f64, taken: usize) -> Result<(), Why> {
    let content_type = content_type.trim().to_ascii_lowercase();
    desk_ticket::check_file(&content_type, size, taken).map_err(|problem| match problem {
        FileProblem::TooMany => Why::TooMany,
        FileProblem::TooLarge => Why::TooLarge,
        FileProblem::WrongType => Why::WrongType,
    })
}

/// Where one picked file is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UploadState {
    Waiting,
    Uploading,
    Added,
    /// Why, and the server's own words when it gave some.
    Refused(Why, Option<String>),
}

impl UploadState {
    /// `data-state`'s value.
    pub fn key(&self) -> &'static str {
        match self {
            UploadState::Waiting => "waiting",
            UploadState::Uploading => "uploading",
            UploadState::Added => "added",
            UploadState::Refused(..) => "refused",
        }
    }

    fn finished(&self) -> bool {
        matches!(self, UploadState::Added | UploadState::Refused(..))
    }
}

/// One picked file in the queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upload {
    /// Stable while the page lives: the browser's `File` is kept under it.
    pub key: u32,
    pub name: String,
    pub state: UploadState,
}

/// The files picked or dropped, sent one at a time in the order they came.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Queue {
    next_key: u32,
    pub uploads: Vec<Upload>,
}

impl Queue {
    /// Adds a picked file, checked against the macro's `on_macro` files and those still on
    /// their way; its key when it is to be sent, `None` when it was refused at once.
    pub fn add(
        &mut self,
        name: &str,
        content_type: &str,
        size: f64,
        on_macro: usize,
    ) -> Option<u32> {
        let key = self.next_key;
        self.next_key = self.next_key.wrapping_add(1);
        let state = match check_file(content_type, size, on_macro + self.on_the_way()) {
            Ok(()) => UploadState::Waiting,
            Err(why) => UploadState::Refused(why, None),
        };
        let sent = state == UploadState::Waiting;
        self.uploads.push(Upload {
            key,
            name: name.to_owned(),
            state,
        });
        sent.then_some(key)
    }

    /// Drops the rows of an earlier batch that are done with, unless uploads are still out (a
    /// new pick then joins the running batch).
    pub fn begin_batch(&mut self) {
        if self.on_the_way() == 0 {
            self.uploads.clear();
        }
    }

    /// The next file to send, now marked as uploading; `None` while one is out or when none
    /// waits.
    pub fn start_next(&mut self) -> Option<u32> {
        if self
            .uploads
            .iter()
            .any(|u| u.state == UploadState::Uploading)
        {
            return None;
        }
        let next = self
            .uploads
            .iter_mut()
            .find(|u| u.state == UploadState::Waiting)?;
        next.state = UploadState::Uploading;
        Some(next.key)
    }

    /// Records how the upload of `key` ended.
    pub fn finish(&mut self, key: u32, outcome: Result<(), (Why, Option<String>)>) {
        if let Some(upload) = self.uploads.iter_mut().find(|u| u.key == key) {
            upload.state = match outcome {
                Ok(()) => UploadState::Added,
                Err((why, words)) => UploadState::Refused(why, words),
            };
        }
    }

    /// Files waiting or uploading.
    pub fn on_the_way(&self) -> usize {
        self.uploads.iter().filter(|u| !u.state.finished()).count()
    }

    /// (finished, all) of this batch, for the progress bar.
    pub fn progress(&self) -> (usize, usize) {
        let done = self.uploads.iter().filter(|u| u.state.finished()).count();
        (done, self.uploads.len())
    }

    /// The refused files with why, in the order they came.
    pub fn refused(&self) -> Vec<(String, Why, Option<String>)> {
        self.uploads
            .iter()
            .filter_map(|u| match &u.state {
                UploadState::Refused(why, words) => Some((u.name.clone(), *why, words.clone())),
                _ => None,
            })
            .collect()
    }
}

/// A file's format for the list ("PNG", "PDF", "Text"…): the server's detected type, short.
pub fn format_name(content_type: &str) -> &'static str {
    match content_type {
        "image/png" => "PNG",
        "image/jpeg" => "JPEG",
        "image/webp" => "WebP",
        "application/pdf" => "PDF",
        "text/plain" => "TXT",
        _ => "—",
    }
}

/// Whether a macro's `incoming` files fit on a reply that already carries `already`.
pub fn insert_fits(already: usize, incoming: usize) -> bool {
    already.saturating_add(incoming) <= attachment_limits::MAX_FILES
}

/// The reply's files with a macro's `copies` added after them, each once (by id): what the
/// composer shows and sends, as if the agent had uploaded the copies.
pub fn merge_copies(files: &mut Vec<AttachmentInfo>, copies: Vec<AttachmentInfo>) {
    for copy in copies {
        if !files.iter().any(|f| f.id == copy.id) {
            files.push(copy);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(id: &str, name: &str) -> AttachmentInfo {
        AttachmentInfo {
            id: id.to_owned(),
            name: name.to_owned(),
            content_type: "image/png".to_owned(),
            size: 10,
            url: format!("/api/v1/attachments/{id}"),
        }
    }

    #[test]
    fn files_join_saved_macros_with_a_reply_and_room() {
        assert_eq!(can_add(None, 0), Err(Closed::Unsaved));
        assert_eq!(can_add(Some(""), 0), Err(Closed::NoReply));
        assert_eq!(can_add(Some("  \n"), 0), Err(Closed::NoReply));
        assert_eq!(can_add(Some("Hola"), 0), Ok(()));
        assert_eq!(can_add(Some("Hola"), MAX_MACRO_FILES - 1), Ok(()));
        assert_eq!(can_add(Some("Hola"), MAX_MACRO_FILES), Err(Closed::Full));
        // No reply comes first: emptying a full macro's reply is refused anyway.
        assert_eq!(can_add(Some(""), 10), Err(Closed::NoReply));
    }

    #[test]
    fn picked_files_are_checked_before_they_go() {
        assert_eq!(check_file("image/png", 10.0, 0), Ok(()));
        assert_eq!(check_file("IMAGE/JPEG", 10.0, 4), Ok(()));
        assert_eq!(check_file("", 10.0, 0), Ok(()), "the server judges");
        assert_eq!(check_file("text/plain", 10.0, 10), Err(Why::TooMany));
        let big = (10 * 1024 * 1024 + 1) as f64;
        assert_eq!(check_file("image/png", big, 0), Err(Why::TooLarge));
        assert_eq!(
            check_file("image/png", (10 * 1024 * 1024) as f64, 0),
            Ok(())
        );
        assert_eq!(
            check_file("application/x-msdownload", 10.0, 0),
            Err(Why::WrongType)
        );
        assert_eq!(check_file("image/gif", 10.0, 0), Err(Why::WrongType));
    }

    #[test]
    fn the_servers_refusals_are_sorted() {
        let refusal = |error| Refusal {
            error,
            message: Some("words".to_owned()),
        };
        assert_eq!(Why::of(&refusal(ApiError::TooLarge)), Why::TooLarge);
        assert_eq!(
            Why::of(&refusal(ApiError::UnsupportedMedia)),
            Why::WrongType
        );
        assert_eq!(Why::of(&refusal(ApiError::InvalidInput)), Why::Refused);
        assert_eq!(Why::of(&refusal(ApiError::NotFound)), Why::Gone);
        assert_eq!(
            Why::of(&refusal(ApiError::Network)),
            Why::Failed(ApiError::Network)
        );
    }

    #[test]
    fn the_queue_sends_one_at_a_time_in_order() {
        let mut queue = Queue::default();
        queue.begin_batch();
        let a = queue.add("a.png", "image/png", 10.0, 0);
        let bad = queue.add("tool.exe", "application/x-msdownload", 10.0, 0);
        let b = queue.add("b.txt", "", 10.0, 0);
        assert_eq!(bad, None);
        assert_eq!(queue.progress(), (1, 3));
        assert_eq!(queue.on_the_way(), 2);
        assert_eq!(queue.start_next(), a);
        assert_eq!(queue.start_next(), None, "one at a time");
        queue.finish(a.unwrap_or_default(), Ok(()));
        assert_eq!(queue.start_next(), b);
        queue.finish(
            b.unwrap_or_default(),
            Err((Why::WrongType, Some("only PNG…".to_owned()))),
        );
        assert_eq!(queue.start_next(), None);
        assert_eq!(queue.progress(), (3, 3));
        let states: Vec<&str> = queue.uploads.iter().map(|u| u.state.key()).collect();
        assert_eq!(states, ["added", "refused", "refused"]);
        assert_eq!(
            queue.refused(),
            vec![
                ("tool.exe".to_owned(), Why::WrongType, None),
                (
                    "b.txt".to_owned(),
                    Why::WrongType,
                    Some("only PNG…".to_owned())
                ),
            ]
        );
        // A new pick starts a new batch.
        queue.begin_batch();
        assert!(queue.uploads.is_empty());
        let c = queue.add("c.png", "image/png", 1.0, 1);
        assert!(c.is_some());
        assert_ne!(c, a, "keys are not reused");
    }

    #[test]
    fn the_queue_counts_files_on_their_way_against_the_limit() {
        let mut queue = Queue::default();
        let taken = MAX_MACRO_FILES - 2;
        assert!(queue.add("1.png", "image/png", 1.0, taken).is_some());
        assert!(queue.add("2.png", "image/png", 1.0, taken).is_some());
        assert_eq!(queue.add("3.png", "image/png", 1.0, taken), None);
        assert_eq!(
            queue.uploads[2].state,
            UploadState::Refused(Why::TooMany, None)
        );
        // A pick while uploads are out joins the batch.
        queue.begin_batch();
        assert_eq!(queue.uploads.len(), 3);
    }

    #[test]
    fn formats_are_short_and_known() {
        assert_eq!(format_name("image/png"), "PNG");
        assert_eq!(format_name("application/pdf"), "PDF");
        assert_eq!(format_name("text/plain"), "TXT");
        assert_eq!(format_name("application/zip"), "—");
    }

    #[test]
    fn inserted_copies_join_the_reply_once_within_its_limit() {
        assert!(insert_fits(0, 5));
        assert!(insert_fits(3, 2));
        assert!(!insert_fits(3, 3));
        assert!(!insert_fits(0, 6));
        assert!(!insert_fits(usize::MAX, 1));
        let mut files = vec![info("a", "mine.pdf")];
        merge_copies(
            &mut files,
            vec![info("b", "guide.png"), info("a", "mine.pdf")],
        );
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["mine.pdf", "guide.png"]);
        merge_copies(&mut files, Vec::new());
        assert_eq!(files.len(), 2);
    }
}
