//! Entry point of the desk module: the contact form and the conversations, which the panel
//! loads on intent (see `src/link.rs`) and drives through these exports.

use wasm_bindgen::prelude::*;

/// Creates the desk; `hear` gets its messages to the panel.
#[wasm_bindgen]
pub fn start(hear: js_sys::Function) {
    ayuda_widget::desk::app::start(hear);
}

/// A host-protocol message the panel passes on.
#[wasm_bindgen]
pub fn receive(message: JsValue) {
    ayuda_widget::desk::app::receive(&message);
}

/// Renders a view (`{view, id?}`) into `root`.
#[wasm_bindgen]
pub fn show(root: JsValue, view: JsValue) {
    ayuda_widget::desk::app::show(&root, &view);
}

/// The panel left the desk's views.
#[wasm_bindgen]
pub fn hide() {
    ayuda_widget::desk::app::hide();
}

fn main() {}
