//! The Markdown toolbar above the body, and Ctrl/Cmd+B and Ctrl/Cmd+I in it. The text work is
//! `markup`'s; this reads the textarea's selection, writes the result back the way typing
//! would (so Undo takes it back) and selects what `markup` says.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

use super::form::Editor;
use crate::dom;
use crate::i18n::{EditorText, Locale, PublishingText, tr};
use crate::markup::{self, Tool, Words};
use crate::state::Console;

/// The body's textarea.
pub const BODY_ID: &str = "article-body";

/// The toolbar's last button: picks image files to upload.
pub const IMAGE_BUTTON_ID: &str = "format-image";

/// The file input it opens (`images.rs` draws it).
pub const FILE_INPUT_ID: &str = "image-file";

fn label(tool: Tool) -> EditorText {
    match tool {
        Tool::Heading => EditorText::ToolHeading,
        Tool::Bold => EditorText::ToolBold,
        Tool::Italic => EditorText::ToolItalic,
        Tool::Link => EditorText::ToolLink,
        Tool::BulletList => EditorText::ToolBullets,
        Tool::NumberedList => EditorText::ToolNumbers,
        Tool::Code => EditorText::ToolCode,
        Tool::Table => EditorText::ToolTable,
        Tool::Callout => EditorText::ToolCallout,
    }
}

/// The keys that apply a tool in the textarea (`aria-keyshortcuts`).
fn shortcut(tool: Tool) -> Option<&'static str> {
    match tool {
        Tool::Bold => Some("Control+B Meta+B"),
        Tool::Italic => Some("Control+I Meta+I"),
        _ => None,
    }
}

/// Applies `tool` to the body's selection, in the article's language (`locale`).
pub fn apply(editor: Editor, tool: Tool, locale: Locale) {
    let Some(area) = dom::textarea(BODY_ID) else {
        return;
    };
    let (text, start16, end16) = dom::selection(&area);
    let (start, end) = (
        markup::byte_offset(&text, start16),
        markup::byte_offset(&text, end16),
    );
    let words = Words {
        note: tr(locale, EditorText::CalloutWord.into()),
        column: tr(locale, EditorText::TableColumn.into()),
        cell: tr(locale, EditorText::TableCell.into()),
        link_text: tr(locale, EditorText::LinkText.into()),
    };
    let edit = markup::apply(tool, &text, start, end, &words);
    let (from, to, replacement) = markup::changed_span(&text, &edit.text);
    dom::replace_in_textarea(
        &area,
        (
            markup::utf16_offset(&text, from),
            markup::utf16_offset(&text, to),
            replacement,
        ),
        &edit.text,
        (
            markup::utf16_offset(&edit.text, edit.start),
            markup::utf16_offset(&edit.text, edit.end),
        ),
    );
    editor.body.set(area.value());
}

/// The tool a key press in the body asks for: Ctrl+B / Cmd+B bold, Ctrl+I / Cmd+I italic.
pub fn shortcut_tool(ev: &KeyboardEvent) -> Option<Tool> {
    if !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() || ev.shift_key() {
        return None;
    }
    match ev.key().to_lowercase().as_str() {
        "b" => Some(Tool::Bold),
        "i" => Some(Tool::Italic),
        _ => None,
    }
}

/// `role="toolbar"`: one Tab stop; the arrow keys, Home and End move between the buttons.
#[component]
pub fn Toolbar(
    /// The editor.
    editor: Editor,
) -> impl IntoView {
    let console = expect_context::<Console>();
    // The button that has the toolbar's Tab stop.
    let active = RwSignal::new(0usize);
    // The tools, then "Image".
    let count = Tool::ALL.len() + 1;
    let focus = move |index: usize| {
        active.set(index);
        match Tool::ALL.get(index) {
            Some(tool) => dom::focus_id(&format!("format-{}", tool.key())),
            None => dom::focus_id(IMAGE_BUTTON_ID),
        };
    };
    let keydown = move |ev: KeyboardEvent| {
        let current = active.get_untracked();
        let next = match ev.key().as_str() {
            "ArrowRight" | "ArrowDown" => (current + 1) % count,
            "ArrowLeft" | "ArrowUp" => (current + count - 1) % count,
            "Home" => 0,
            "End" => count - 1,
            _ => return,
        };
        ev.prevent_default();
        focus(next);
    };
    let buttons = Tool::ALL
        .into_iter()
        .enumerate()
        .map(|(index, tool)| {
            let name = move || console.t(label(tool));
            view! {
                <button
                    type="button"
                    id=format!("format-{}", tool.key())
                    class="tool"
                    data-format=tool.key()
                    tabindex=move || if active.get() == index { "0" } else { "-1" }
                    aria-label=name
                    aria-keyshortcuts=shortcut(tool)
                    on:focus=move |_| active.set(index)
                    on:click=move |_| apply(editor, tool, editor.locale.get_untracked())
                >
                    {name}
                </button>
            }
        })
        .collect_view();
    let image_index = Tool::ALL.len();
    let image_name = move || console.t(PublishingText::ToolImage);
    view! {
        <div
            id="format-toolbar"
            class="toolbar"
            role="toolbar"
            aria-label=move || console.t(EditorText::Formatting)
            aria-controls=BODY_ID
            on:keydown=keydown
        >
            {buttons}
            <button
                type="button"
                id=IMAGE_BUTTON_ID
                class="tool"
                data-format="image"
                tabindex=move || if active.get() == image_index { "0" } else { "-1" }
                aria-label=image_name
                on:focus=move |_| active.set(image_index)
                on:click=move |_| dom::click_id(FILE_INPUT_ID)
            >
                {image_name}
            </button>
        </div>
    }
}
