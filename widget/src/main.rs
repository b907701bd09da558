//! Entry point of the panel frame: everything lives in the library so tests can mount it.
fn main() {
    ayuda_widget::start();
}
