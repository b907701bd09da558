//! Images in the body: a file pasted or dropped into the textarea, or picked with the
//! toolbar's "Image" button, is uploaded (`POST /api/v1/images`) while a placeholder line
//! stands where the caret was; the server's Markdown replaces it, or it goes with an error.
//! Text pastes and drops are the browser's as ever.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::{DataTransfer, File, HtmlInputElement};

use super::form::{Action, Done, Editor};
use super::toolbar::{BODY_ID, FILE_INPUT_ID};
use crate::api;
use crate::dom;
use crate::i18n::{PublishingText, tr};
use crate::markup;
use crate::state::Console;
use crate::upload::{self, ACCEPT};

/// The image files among `files`.
fn images(files: Option<web_sys::FileList>) -> Vec<File> {
    let Some(files) = files else {
        return Vec::new();
    };
    (0..files.length())
        .filter_map(|index| files.get(index))
        .filter(|file| upload::is_image(&file.type_()))
        .collect()
}

/// The image files a drop carries.
pub fn dropped_images(data: Option<DataTransfer>) -> Vec<File> {
    images(data.and_then(|data| data.files()))
}

/// The image files a paste carries, unless it also carries plain text: a spreadsheet's or a
/// word processor's copy comes with a picture of itself, and the text is what was meant.
pub fn pasted_images(data: Option<DataTransfer>) -> Vec<File> {
    match data {
        Some(data) if !data.types().includes(&"text/plain".into(), 0) => images(data.files()),
        _ => Vec::new(),
    }
}

/// Whether a drag carries files (so the textarea must take the drop, not the browser).
pub fn drags_files(data: Option<DataTransfer>) -> bool {
    data.is_some_and(|data| data.types().includes(&"Files".into(), 0))
}

/// Uploads each of `files`, each with its placeholder at the caret.
pub fn upload_all(editor: Editor, console: Console, files: Vec<File>) {
    for file in files {
        upload_one(editor, console, file);
    }
}

fn upload_one(editor: Editor, console: Console, file: File) {
    let Some(session) = console.session() else {
        return;
    };
    let name = file.name();
    let word = tr(
        console.locale.get_untracked(),
        PublishingText::Uploading.into(),
    );
    let placeholder = upload::placeholder(word, &name);
    insert_at_caret(editor, &placeholder);
    editor.error.set(None);
    spawn_local(async move {
        let result =
            console.check(api::upload_image(&session.csrf_token, &name, file.into()).await);
        match result {
            Ok(image) => {
                swap(editor, &placeholder, &image.markdown);
                editor.done.set(Some(Done::ImageInserted));
            }
            Err(refusal) => {
                swap(editor, &placeholder, "");
                editor.done.set(None);
                editor.error.set(Some((Action::UploadImage, refusal)));
            }
        }
    });
}

/// Puts `line` at the body's caret as a line of its own, the way typing would (Undo takes it
/// back).
fn insert_at_caret(editor: Editor, line: &str) {
    let Some(area) = dom::textarea(BODY_ID) else {
        return;
    };
    let (text, start16, end16) = dom::selection(&area);
    let start = markup::byte_offset(&text, start16);
    let end = markup::byte_offset(&text, end16);
    // A selection is replaced, as a paste would.
    let without = format!("{}{}", &text[..start], &text[end..]);
    let (new, caret) = upload::insert_line(&without, start, line);
    let (from, to, replacement) = markup::changed_span(&text, &new);
    let caret16 = markup::utf16_offset(&new, caret);
    dom::replace_in_textarea(
        &area,
        (
            markup::utf16_offset(&text, from),
            markup::utf16_offset(&text, to),
            replacement,
        ),
        &new,
        (caret16, caret16),
    );
    editor.body.set(area.value());
}

/// Replaces the placeholder wherever it now is (the user may have typed meanwhile), keeping
/// the caret where it was relative to the text around it.
fn swap(editor: Editor, placeholder: &str, replacement: &str) {
    let text = editor.body.get_untracked();
    let Some((new, start, end)) = upload::replace_placeholder(&text, placeholder, replacement)
    else {
        return;
    };
    let area = dom::textarea(BODY_ID);
    let caret = area.as_ref().map(|area| {
        let (_, start16, end16) = dom::selection(area);
        (
            markup::byte_offset(&text, start16),
            markup::byte_offset(&text, end16),
        )
    });
    // The textarea first, then its caret, then the signal: writing the same value again does
    // not move the caret.
    if let (Some(area), Some((caret_start, caret_end))) = (area, caret) {
        area.set_value(&new);
        let len = replacement.len();
        let a = upload::shift_caret(caret_start, start, end, len);
        let b = upload::shift_caret(caret_end, start, end, len);
        let _ =
            area.set_selection_range(markup::utf16_offset(&new, a), markup::utf16_offset(&new, b));
    }
    editor.body.set(new);
}

/// The file input the toolbar's "Image" button opens, hidden but labelled.
#[component]
pub fn ImagePicker(
    /// The editor.
    editor: Editor,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let picked = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|target| target.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let files = images(input.files());
        // The same file can be picked again.
        input.set_value("");
        if let Some(area) = dom::textarea(BODY_ID) {
            let _ = area.focus();
        }
        upload_all(editor, console, files);
    };
    view! {
        <label for=FILE_INPUT_ID class="visually-hidden">
            {move || console.t(PublishingText::ImageFile)}
        </label>
        <input
            type="file"
            id=FILE_INPUT_ID
            class="visually-hidden"
            accept=ACCEPT
            multiple
            tabindex="-1"
            on:change=picked
        />
    }
}
