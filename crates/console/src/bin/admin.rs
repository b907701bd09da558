//! The admins' bundle: every screen (and the sign-in, so it can stand in for any other).
fn main() {
    ayuda_console::start_admin();
}
