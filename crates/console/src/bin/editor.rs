//! The editors' bundle: the shell, the articles' screens and the account.
fn main() {
    ayuda_console::start_editor();
}
