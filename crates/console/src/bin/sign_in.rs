//! The sign-in bundle: the sign-in screens only (served to whoever is signed out).
fn main() {
    ayuda_console::start_sign_in();
}
