//! A question asked in the page before an action (not `window.confirm`): `#{id}[role=group]`
//! labelled by its question `#{id}-text`, a confirming button and Cancel. Whoever opens it
//! moves the focus to the question; Cancel (and, where asked for, Escape) runs `on_cancel`,
//! which gives the focus back.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

use crate::i18n::Text;
use crate::state::Console;

/// How the buttons say that a call is out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BusyMark {
    /// `aria-disabled="true"` on the confirming button (no attribute otherwise).
    #[default]
    Confirming,
    /// `aria-disabled` `"true"` / `"false"` on both buttons.
    Both,
    /// Both buttons `disabled`.
    Disabled,
}

#[component]
pub fn Confirm(
    /// The group's id; the question's is `{id}-text`.
    id: &'static str,
    /// Whether the question is shown.
    #[prop(into)]
    open: Signal<bool>,
    /// The confirming button's id.
    yes_id: &'static str,
    /// The confirming button's label.
    #[prop(into)]
    yes_label: Signal<&'static str>,
    /// The confirming button's class.
    #[prop(default = "button danger")]
    yes_class: &'static str,
    /// Runs on the confirming button.
    on_yes: Callback<()>,
    /// Cancel's id.
    cancel_id: &'static str,
    /// Runs on Cancel (and on Escape with `escape`).
    on_cancel: Callback<()>,
    /// Whether a call is out.
    #[prop(into)]
    busy: Signal<bool>,
    /// How the buttons show `busy`.
    #[prop(optional)]
    mark: BusyMark,
    /// Escape inside the group cancels.
    #[prop(optional)]
    escape: bool,
    /// The question.
    children: Children,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let aria = move |button_is_yes: bool| match mark {
        BusyMark::Confirming if button_is_yes => busy.get().then_some("true"),
        BusyMark::Both => Some(if busy.get() { "true" } else { "false" }),
        _ => None,
    };
    let disabled = move || mark == BusyMark::Disabled && busy.get();
    view! {
        <div
            id=id
            class="confirm"
            role="group"
            aria-labelledby=format!("{id}-text")
            hidden=move || !open.get()
            on:keydown=move |ev: KeyboardEvent| {
                if escape && ev.key() == "Escape" {
                    ev.prevent_default();
                    on_cancel.run(());
                }
            }
        >
            <p id=format!("{id}-text") tabindex="-1">{children()}</p>
            <div class="actions">
                <button
                    type="button"
                    id=yes_id
                    class=yes_class
                    aria-disabled=move || aria(true)
                    disabled=disabled
                    on:click=move |_| on_yes.run(())
                >
                    {move || yes_label.get()}
                </button>
                <button
                    type="button"
                    id=cancel_id
                    class="button"
                    aria-disabled=move || aria(false)
                    disabled=disabled
                    on:click=move |_| on_cancel.run(())
                >
                    {move || console.t(Text::Cancel)}
                </button>
            </div>
        </div>
    }
}
