//! Entry point of the staff console: everything lives in the library.
fn main() {
    ayuda_console::start();
}
