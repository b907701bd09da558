//! Harness for the end-to-end tests and the widget benchmark: the real `ayuda` binary (with the
//! sample knowledge base and the example host pages), chromedriver, and Debian's Chromium in
//! headless mode with a fresh profile.
//!
//! `cargo xtask test` sets the environment this reads: `AYUDA_BIN` (the server binary),
//! `AYUDA_WIDGET_DIR` (Trunk's dist/), `AYUDA_CONSOLE_DIR` (the console's build), `AYUDA_EXAMPLES_DIR`, `AYUDA_KB_DIR`, `AYUDA_AXE_JS`
//! (axe-core's `axe.min.js`), `AYUDA_E2E_ARTIFACTS` (screenshots of failures).

mod browser;
mod driver;
mod env;
mod page;
mod server;
mod wait;

pub use browser::{Browser, CHROMIUM_FLAGS, Phone, with_browser, with_browser_flags, with_phone};
pub use driver::cdp;
pub use page::Page;
pub use server::{STAFF_PASSWORD, Server, free_port, static_page};
pub use wait::{WAIT, wait_for};
