//! Developer tasks as code: `cargo xtask demo | test | loader | bench [search|relevance|widget|desk|console]`.
//!
//! Every task installs what it needs (idempotently, skipping what is already there), so the
//! two README commands work on a fresh machine. No dependencies beyond std, to build fast.

use std::process::{Command, ExitCode};

use shell::{Result, cargo, root, run};

mod shell;
#[cfg(test)]
mod tidy;
mod tools;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("demo") => demo(&args[1..]),
        Some("test") => test(),
        Some("loader") => tools::build_loader(),
        // Not in the usage line: the console's four bundles alone, for working on them.
        Some("build-console") => tools::build_console(),
        Some("bench") => bench(&args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask demo [--addr HOST:PORT] | test | loader | bench [search|relevance|widget|desk|console]"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Everything CI checks: formatting, lints (native and wasm32), unit and integration tests
/// (the PostgreSQL half when AYUDA_TEST_POSTGRES_URL is set), the widget's component tests in
/// headless Chromium, the release build of the widget, and the end-to-end browser tests.
fn test() -> Result {
    tools::ensure_widget_tools()?;
    tools::ensure_chromium()?;
    run(cargo().args(["fmt", "--all", "--", "--check"]))?;
    run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--exclude",
        "ayuda-widget",
        "--exclude",
        "ayuda-console",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cargo().args([
        "clippy",
        "-p",
        "ayuda-widget",
        "-p",
        "ayuda-console",
        "-p",
        "ayuda-api",
        "--target",
        "wasm32-unknown-unknown",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    if std::env::var_os("AYUDA_TEST_POSTGRES_URL").is_none() {
        eprintln!("note: AYUDA_TEST_POSTGRES_URL is unset; the PostgreSQL tests will skip");
    }
    run(cargo().args([
        "test",
        "--workspace",
        "--all-targets",
        "--exclude",
        "ayuda-widget",
        "--exclude",
        "ayuda-console",
        "--exclude",
        "ayuda-e2e",
    ]))?;
    // The widget's and the console's pure logic (contrast, i18n, sequencing, votes, paging,
    // routes) also runs natively.
    run(cargo().args(["test", "-p", "ayuda-widget", "-p", "ayuda-console", "--lib"]))?;
    // Component tests: wasm-bindgen-test-runner drives chromedriver (widget/webdriver.json).
    run(cargo().env("PATH", tools::path_with_tools()).args([
        "test",
        "-p",
        "ayuda-widget",
        "--target",
        "wasm32-unknown-unknown",
    ]))?;
    tools::build_widget()?;
    tools::build_console()?;
    run(cargo().args(["build", "-p", "ayuda-server"]))?;
    run(e2e_env(&mut cargo(), "debug").args(["test", "-p", "ayuda-e2e", "--", "--test-threads=2"]))
}

/// The environment the end-to-end tests and the widget benchmark read.
fn e2e_env<'a>(cmd: &'a mut Command, profile: &str) -> &'a mut Command {
    let root = root();
    cmd.env("PATH", tools::path_with_tools())
        .env("AYUDA_BIN", root.join("target").join(profile).join("ayuda"))
        .env("AYUDA_WIDGET_DIR", root.join("dist"))
        .env("AYUDA_CONSOLE_DIR", root.join("crates/console/dist"))
        .env("AYUDA_EXAMPLES_DIR", root.join("examples/hosts"))
        .env("AYUDA_KB_DIR", root.join("examples/kb"))
        .env(
            "AYUDA_AXE_JS",
            root.join("tools/node_modules/axe-core/axe.min.js"),
        )
        .env("AYUDA_E2E_ARTIFACTS", root.join("target/e2e"))
}

/// Builds the widget and the server, imports the sample knowledge base into `data/demo` on
/// first start, creates a demo admin, and serves the API, the widget and the example hosts.
fn demo(args: &[String]) -> Result {
    let addr = match args {
        [flag, value] if flag == "--addr" => value.clone(),
        [] => "127.0.0.1:8080".to_owned(),
        _ => return Err("usage: cargo xtask demo [--addr HOST:PORT]".into()),
    };
    let (host, port) = addr
        .rsplit_once(':')
        .and_then(|(h, p)| Some((h, p.parse::<u16>().ok()?)))
        .ok_or_else(|| format!("--addr {addr:?} is not HOST:PORT"))?;
    let examples_port = port.checked_add(1).ok_or("--addr port too high")?;
    tools::build_widget()?;
    tools::build_console()?;
    run(cargo().args(["build", "--release", "-p", "ayuda-server"]))?;
    let root = root();
    let binary = root.join("target/release/ayuda");
    let data = root.join("data/demo");
    let fresh = !data.join("ayuda.db").exists();
    let ayuda = |args: &[&str]| {
        let mut cmd = Command::new(&binary);
        cmd.current_dir(&root)
            .arg("--data-dir")
            .arg(&data)
            .args(args);
        cmd
    };
    if fresh {
        run(&mut ayuda(&["import", "examples/kb"]))?;
        run(&mut ayuda(&[
            "user",
            "add",
            "--email",
            "admin@example.com",
            "--password",
            "ayuda-demo-admin",
            "--role",
            "admin",
        ]))?;
    }
    let hosts = format!("http://localhost:{examples_port}");
    println!();
    println!("Ayuda demo on http://{addr}");
    println!("  example host pages (the bubble is in the bottom corner):");
    println!("    plain page:      {hosts}/plain.html");
    println!("    single-page app: {hosts}/dashboard");
    println!("    hostile CSS + strict CSP: {hosts}/hostile.html");
    // Passkeys belong to a domain name: on a loopback address the console is at localhost.
    let console = if matches!(host, "127.0.0.1" | "localhost" | "[::1]") {
        format!("http://localhost:{port}/console/")
    } else {
        format!("http://{addr}/console/")
    };
    println!("  staff console:  {console}");
    println!("    demo admin:   admin@example.com / ayuda-demo-admin");
    println!("  widget loader:  http://{addr}/widget.js");
    println!("  search:   http://{addr}/api/v1/sites/demo/search?q=factura&locale=es");
    println!("  suggest:  http://{addr}/api/v1/sites/demo/suggest?url=/invoices/new&locale=es");
    println!("  article:  http://{addr}/help/demo/es/crear-una-factura");
    println!(
        "  staff:    POST http://{addr}/api/v1/auth/login  admin@example.com / ayuda-demo-admin"
    );
    println!();
    run(&mut ayuda(&[
        "serve",
        "--addr",
        &addr,
        "--widget-dir",
        "dist",
        "--console-dir",
        "crates/console/dist",
        "--examples-dir",
        "examples/hosts",
        "--examples-addr",
        &format!("{host}:{examples_port}"),
    ]))
}

fn bench(args: &[String]) -> Result {
    let what = args.first().map(String::as_str).unwrap_or("search");
    match what {
        "search" => run(cargo()
            .args([
                "run",
                "--release",
                "-p",
                "ayuda-bench",
                "--bin",
                "ayuda-bench",
                "--",
            ])
            .args(&args[1.min(args.len())..])),
        // Natural-language questions (XQuAD's dev half, the sample KB's written questions),
        // Ayuda beside SQLite FTS5 BM25 on the same articles.
        "relevance" => run(cargo()
            .args([
                "run",
                "--release",
                "-p",
                "ayuda-bench",
                "--bin",
                "relevance",
                "--",
            ])
            .args(&args[1.min(args.len())..])),
        // Ticket throughput (SQLite and PostgreSQL), reply latency over SSE with many idle
        // streams, memory per stream: against the release server binary as a child process.
        "desk" => {
            run(cargo().args(["build", "--release", "-p", "ayuda-server"]))?;
            run(cargo()
                .env("AYUDA_BIN", root().join("target/release/ayuda"))
                .args([
                    "run",
                    "--release",
                    "-p",
                    "ayuda-bench",
                    "--bin",
                    "desk-bench",
                    "--",
                ])
                .args(&args[1.min(args.len())..]))
        }
        "widget" => {
            tools::ensure_chromium()?;
            tools::build_widget()?;
            run(cargo().args(["build", "--release", "-p", "ayuda-server"]))?;
            run(e2e_env(&mut cargo(), "release")
                .args([
                    "run",
                    "--release",
                    "-p",
                    "ayuda-e2e",
                    "--bin",
                    "widget-bench",
                    "--",
                ])
                .args(&args[1.min(args.len())..]))
        }
        "console" => {
            tools::ensure_chromium()?;
            tools::build_console()?;
            run(cargo().args(["build", "--release", "-p", "ayuda-server"]))?;
            run(e2e_env(&mut cargo(), "release")
                .args([
                    "run",
                    "--release",
                    "-p",
                    "ayuda-e2e",
                    "--bin",
                    "console-bench",
                    "--",
                ])
                .args(&args[1.min(args.len())..]))
        }
        other => Err(format!(
            "unknown benchmark {other:?}; try `cargo xtask bench search`, `bench relevance`, `bench widget`, `bench desk` or `bench console`"
        )),
    }
}
