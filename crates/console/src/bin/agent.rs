//! The agents' bundle: the shell, the inbox, tickets, shortcuts, the dashboard and the account.
fn main() {
    ayuda_console::start_agent();
}
