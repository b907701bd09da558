//! "You have unsaved changes. Leave anyway?": asked in the page when a link or Back would
//! leave a screen with unsaved changes ([`Console::leaving`]). The question takes the focus;
//! "Stay" (or Escape) gives it back to where it was.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use web_sys::HtmlElement;

use crate::dom;
use crate::i18n::EditorText;
use crate::state::Console;

#[component]
pub fn LeaveConfirm() -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: EditorText| console.t(text);
    let asking = Memo::new(move |_| console.leaving.with(Option::is_some));
    // Where the focus was when the question came up.
    let before = StoredValue::new_local(None::<HtmlElement>);
    Effect::new(move |_| {
        if asking.get() {
            before.set_value(dom::focused());
            leptos::prelude::request_animation_frame(|| {
                dom::focus_id("leave-confirm-text");
            });
        }
    });
    let stay = move || {
        console.stay();
        if let Some(element) = before.try_get_value().flatten() {
            let _ = element.focus();
        }
    };
    view! {
        <div
            id="leave-confirm"
            class="confirm leave"
            role="group"
            aria-labelledby="leave-confirm-text"
            aria-describedby="leave-confirm-hint"
            hidden=move || !asking.get()
            on:keydown=move |ev: KeyboardEvent| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    stay();
                }
            }
        >
            <p id="leave-confirm-text" tabindex="-1">{move || t(EditorText::LeaveQuestion)}</p>
            <p id="leave-confirm-hint">{move || t(EditorText::LeaveHint)}</p>
            <div class="actions">
                <button type="button" id="leave-stay" class="button primary" on:click=move |_| stay()>
                    {move || t(EditorText::Stay)}
                </button>
                <button type="button" id="leave-go" class="button" on:click=move |_| console.leave()>
                    {move || t(EditorText::Leave)}
                </button>
            </div>
        </div>
    }
}
