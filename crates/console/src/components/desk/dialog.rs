//! A modal dialog for the desk (the command palette, the macro picker): `role="dialog"`
//! with `aria-modal`, labelled by its heading; the focus moves in when it opens, stays inside
//! (Tab and Shift+Tab wrap), and goes back to where it was when it closes; Escape and a click
//! on the backdrop close it.

use leptos::ev::{KeyboardEvent, MouseEvent};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::dom;
use crate::state::Console;

const FOCUSABLE: &str = "button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

/// Whether a desk dialog is open (the shortcuts wait).
pub fn dialog_open() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("[aria-modal='true']").ok().flatten())
        .is_some()
}

/// Keeps Tab inside `dialog`.
fn trap(dialog: &web_sys::Element, ev: &KeyboardEvent) {
    // `querySelectorAll` through `Reflect`: web-sys's needs the `NodeList` feature.
    let Some(list) = js_sys::Reflect::get(dialog, &"querySelectorAll".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(dialog, &FOCUSABLE.into()).ok())
    else {
        return;
    };
    let items: Vec<HtmlElement> = js_sys::Array::from(&list)
        .iter()
        .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
        .collect();
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return;
    };
    let active = dom::focused();
    let at = |element: &HtmlElement| active.as_ref().is_some_and(|a| a == element);
    if ev.shift_key() && at(first) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && at(last) {
        ev.prevent_default();
        let _ = first.focus();
    }
}

#[component]
pub fn Dialog(
    /// The dialog's id; its heading's is `{id}-title`.
    id: &'static str,
    /// Its heading.
    #[prop(into)]
    title: Signal<&'static str>,
    /// Whether it is open.
    open: RwSignal<bool>,
    /// The element focused when it opens.
    focus: &'static str,
    /// A wider dialog.
    #[prop(optional)]
    wide: bool,
    children: ChildrenFn,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let opener = StoredValue::new_local(None::<HtmlElement>);
    Effect::new(move |was: Option<bool>| {
        let now = open.get();
        match (was.unwrap_or(false), now) {
            (false, true) => {
                opener.set_value(dom::focused());
                request_animation_frame(move || {
                    dom::focus_id(focus);
                });
            }
            (true, false) => {
                if let Some(Some(element)) = opener.try_get_value() {
                    let _ = element.focus();
                }
            }
            _ => {}
        }
        now
    });
    let close = move || open.set(false);
    let children = StoredValue::new(children);
    move || {
        open.get().then(|| {
            view! {
                <div
                    class="dialog-backdrop"
                    on:click=move |ev: MouseEvent| {
                        let on_backdrop = ev
                            .target()
                            .zip(ev.current_target())
                            .is_some_and(|(target, current)| target == current);
                        if on_backdrop {
                            close();
                        }
                    }
                >
                    <div
                        id=id
                        class="dialog"
                        class:wide=wide
                        role="dialog"
                        aria-modal="true"
                        aria-labelledby=format!("{id}-title")
                        on:keydown=move |ev: KeyboardEvent| {
                            if ev.key() == "Escape" {
                                ev.prevent_default();
                                ev.stop_propagation();
                                close();
                            } else if ev.key() == "Tab"
                                && let Some(dialog) = web_sys::window()
                                    .and_then(|w| w.document())
                                    .and_then(|d| d.get_element_by_id(id))
                            {
                                trap(&dialog, &ev);
                            }
                        }
                    >
                        <div class="dialog-head">
                            <h2 id=format!("{id}-title")>{move || title.get()}</h2>
                            <button
                                type="button"
                                id=format!("{id}-close")
                                class="button"
                                on:click=move |_| close()
                            >
                                {move || console.t(crate::i18n::DeskText::Close)}
                            </button>
                        </div>
                        {children.with_value(|children| children())}
                    </div>
                </div>
            }
        })
    }
}
