//! Developer tasks as code: `cargo xtask demo | test | bench [search]`.
//!
//! Every task installs what it needs (idempotently, skipping what is already there), so the
//! two README commands work on a fresh machine. No dependencies beyond std, to build fast.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("demo") => demo(&args[1..]),
        Some("test") => test(),
        Some("bench") => bench(&args[1..]),
        _ => {
            eprintln!("usage: cargo xtask demo [--addr HOST:PORT] | test | bench [search]");
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

fn root() -> PathBuf {
    // crates/xtask → the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root());
    cmd
}

fn run(cmd: &mut Command) -> Result {
    eprintln!("$ {}", show(cmd));
    let status = cmd
        .status()
        .map_err(|e| format!("cannot start {}: {e}", show(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", show(cmd)))
    }
}

fn show(cmd: &Command) -> String {
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|s| s.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Installs the wasm32 target when rustup lacks it (the wire-types crate is checked for it).
fn ensure_wasm_target() -> Result {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("wasm32-unknown-unknown"))
        .unwrap_or(false);
    if !installed {
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    Ok(())
}

/// Everything CI checks: formatting, lints, the wasm build of the wire types, and every test
/// (the PostgreSQL half when AYUDA_TEST_POSTGRES_URL is set).
fn test() -> Result {
    ensure_wasm_target()?;
    run(cargo().args(["fmt", "--all", "--", "--check"]))?;
    run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cargo().args([
        "check",
        "-p",
        "ayuda-api",
        "--target",
        "wasm32-unknown-unknown",
    ]))?;
    if std::env::var_os("AYUDA_TEST_POSTGRES_URL").is_none() {
        eprintln!("note: AYUDA_TEST_POSTGRES_URL is unset; the PostgreSQL tests will skip");
    }
    run(cargo().args(["test", "--workspace", "--all-targets"]))?;
    Ok(())
}

/// Builds the server, imports the sample knowledge base into `data/demo` on first start,
/// creates a demo admin, and serves.
fn demo(args: &[String]) -> Result {
    let addr = match args {
        [flag, value] if flag == "--addr" => value.clone(),
        [] => "127.0.0.1:8080".to_owned(),
        _ => return Err("usage: cargo xtask demo [--addr HOST:PORT]".into()),
    };
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
    println!();
    println!("Ayuda demo on http://{addr}");
    println!("  search:   http://{addr}/api/v1/sites/demo/search?q=factura&locale=es");
    println!("  suggest:  http://{addr}/api/v1/sites/demo/suggest?url=/invoices/new&locale=es");
    println!("  article:  http://{addr}/help/demo/es/crear-una-factura");
    println!(
        "  staff:    POST http://{addr}/api/v1/auth/login  admin@example.com / ayuda-demo-admin"
    );
    println!("  (the widget and its example host pages arrive with the widget issue)");
    println!();
    run(&mut ayuda(&["serve", "--addr", &addr]))
}

fn bench(args: &[String]) -> Result {
    let what = args.first().map(String::as_str).unwrap_or("search");
    match what {
        "search" => run(cargo()
            .args(["run", "--release", "-p", "ayuda-bench", "--"])
            .args(&args[1.min(args.len())..])),
        other => Err(format!(
            "unknown benchmark {other:?}; try `cargo xtask bench search`"
        )),
    }
}
