//! Installs the tools the widget build and the browser tests need, each only when the right
//! version is missing, so running a task twice installs nothing the second time.
//!
//! - the wasm32 target (rustup);
//! - Trunk 0.21.14 (newer Trunk needs a newer rustc than ours);
//! - wasm-bindgen-cli at exactly the `wasm-bindgen` version of Cargo.lock (it also brings
//!   `wasm-bindgen-test-runner`);
//! - wasm-opt from the npm package `binaryen`, esbuild (the loader's minifier) and axe-core,
//!   pinned in `tools/package.json` (Debian's binaryen 108 produces wasm that fails in the
//!   browser);
//! - Debian's Chromium and chromedriver (browsers that download themselves cannot work offline).

use std::path::PathBuf;
use std::process::Command;

use crate::shell::{Result, cargo, root, run};

pub const TRUNK_VERSION: &str = "0.21.14";
/// esbuild, as pinned in tools/package.json (the loader's minified bytes depend on it).
pub const ESBUILD_VERSION: &str = "0.28.2";

/// The loader's two stages: each readable source and the minified file the server ships
/// (`include_str!`): `/widget.js`, what every host page runs, and the second stage it imports
/// on intent (`/widget/loader-<hash>.js`).
pub const LOADERS: [(&str, &str); 2] = [
    ("widget/loader.src.js", "widget/loader.js"),
    ("widget/loader-stage2.src.js", "widget/loader-stage2.js"),
];

/// `source` minified by esbuild (the `/*! … */` header kept), as its shipped file must be.
pub fn minified(source: &str) -> Result<String> {
    let output = Command::new(root().join("tools/node_modules/.bin/esbuild"))
        .current_dir(root())
        .args([
            source,
            "--minify",
            "--target=es2020",
            "--charset=utf8",
            "--legal-comments=inline",
        ])
        .output()
        .map_err(|e| format!("cannot run esbuild (cargo xtask test installs it): {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "esbuild failed on {source}: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    String::from_utf8(output.stdout).map_err(|e| format!("esbuild output: {e}"))
}

/// `cargo xtask loader`: rewrites both stages' shipped files from their sources.
pub fn build_loader() -> Result {
    ensure_node_tools()?;
    for (source, shipped) in LOADERS {
        let minified = minified(source)?;
        std::fs::write(root().join(shipped), &minified)
            .map_err(|e| format!("cannot write {shipped}: {e}"))?;
        eprintln!("{shipped}: {} bytes", minified.len());
    }
    Ok(())
}

/// `PATH` with the project's node tools and cargo's bin dir first.
pub fn path_with_tools() -> std::ffi::OsString {
    let mut dirs = vec![root().join("tools/node_modules/.bin"), cargo_bin_dir()];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).unwrap_or_default()
}

fn cargo_bin_dir() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
        .join("bin")
}

/// First line of `program --version`, or `None` when it does not run.
fn version_of(program: &str) -> Option<String> {
    let output = Command::new(program)
        .arg("--version")
        .env("PATH", path_with_tools())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

pub fn ensure_wasm_target() -> Result {
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

/// The `wasm-bindgen` version Cargo.lock resolved (the CLI must match it exactly).
pub fn locked_wasm_bindgen() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(version) = lines
                .next()
                .and_then(|l| l.strip_prefix("version = \""))
                .and_then(|v| v.strip_suffix('"'))
        {
            return Ok(version.to_owned());
        }
    }
    Err("Cargo.lock has no wasm-bindgen".into())
}

/// Everything the widget build needs: target, Trunk, wasm-bindgen-cli, wasm-opt.
pub fn ensure_widget_tools() -> Result {
    ensure_wasm_target()?;
    if !version_of("trunk").is_some_and(|v| v.contains(TRUNK_VERSION)) {
        run(cargo().args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]))?;
    }
    let bindgen = locked_wasm_bindgen()?;
    let trunk_toml = std::fs::read_to_string(root().join("Trunk.toml"))
        .map_err(|e| format!("cannot read Trunk.toml: {e}"))?;
    if !trunk_toml.contains(&format!("wasm_bindgen = \"{bindgen}\"")) {
        return Err(format!(
            "Trunk.toml's [tools] wasm_bindgen must be \"{bindgen}\", the version in Cargo.lock"
        ));
    }
    let wants = format!("wasm-bindgen {bindgen}");
    let has_runner = version_of("wasm-bindgen-test-runner").is_some_and(|v| v.contains(&bindgen));
    if !version_of("wasm-bindgen").is_some_and(|v| v.starts_with(&wants)) || !has_runner {
        // Not --locked: the CLI's own lockfile names a crate version the registry lacks.
        run(cargo().args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &bindgen,
            "--force",
        ]))?;
    }
    ensure_node_tools()
}

/// wasm-opt (npm `binaryen`), esbuild and axe-core, as pinned in tools/package-lock.json.
pub fn ensure_node_tools() -> Result {
    let tools = root().join("tools");
    let present = tools.join("node_modules/.bin/wasm-opt").exists()
        && tools.join("node_modules/axe-core/axe.min.js").exists()
        && version_of("esbuild").is_some_and(|v| v == ESBUILD_VERSION)
        && version_of("wasm-opt").is_some_and(|v| v.contains("132"));
    if !present {
        run(Command::new("npm")
            .current_dir(&tools)
            .args(["ci", "--no-audit", "--no-fund"]))?;
    }
    Ok(())
}

/// Debian's Chromium and chromedriver, installed with apt when missing.
pub fn ensure_chromium() -> Result {
    let has = |program: &str| version_of(program).is_some();
    if has("chromium") && has("chromedriver") {
        return Ok(());
    }
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    let apt = |args: &[&str]| {
        let mut cmd = if is_root {
            Command::new("apt-get")
        } else {
            let mut sudo = Command::new("sudo");
            sudo.args(["-n", "apt-get"]);
            sudo
        };
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    run(&mut apt(&["update"]))?;
    run(&mut apt(&["install", "-y", "chromium", "chromium-driver"]))?;
    Ok(())
}

/// `trunk build --release` → dist/ (offline: Trunk uses the tools installed above).
pub fn build_widget() -> Result {
    ensure_widget_tools()?;
    let trunk = || {
        let mut trunk = Command::new("trunk");
        trunk
            .current_dir(root())
            .env("PATH", path_with_tools())
            .env("TRUNK_SKIP_VERSION_CHECK", "true");
        trunk
    };
    // The panel first: Trunk empties its dist directory, `dist/desk` included.
    run(trunk().args(["build", "--release"]))?;
    // The desk module (contact form, conversations), which the panel loads on intent.
    run(trunk().args([
        "build",
        "desk.html",
        "--release",
        "--dist",
        "dist/desk",
        "--public-url",
        "/widget/desk/",
    ]))?;
    minify_glue(&["dist", "dist/desk"])
}

/// The staff console's bundles (`crates/console/src/bundle.rs`): each bundle's name and the
/// page Trunk builds it from. The server (`server/src/console_files.rs`) reads the same names.
pub const CONSOLE_BUNDLES: [(&str, &str); 4] = [
    ("sign-in", "sign-in.html"),
    ("editor", "editor.html"),
    ("agent", "agent.html"),
    ("admin", "index.html"),
];

/// The staff console's Trunk builds, from `crates/console` (its pages and `Trunk.toml`), one per
/// bundle → `crates/console/dist/{bundle}`, served by the server under `/console/` (each
/// bundle's files under `/console/_b/{bundle}/`). One after another with the same profile and
/// features: the library compiles once, and each bundle only links its own bin.
pub fn build_console() -> Result {
    ensure_widget_tools()?;
    // Trunk runs wasm-bindgen for both apps into one directory and ships the `snippets/` it
    // finds there: the widget's must not end up preloaded by the console's page.
    let snippets = root().join("target/wasm-bindgen/release/snippets");
    if snippets.exists() {
        std::fs::remove_dir_all(&snippets)
            .map_err(|e| format!("cannot clear {}: {e}", snippets.display()))?;
    }
    // A build from before the split (its page and files at the top) would still be served.
    let dist = root().join("crates/console/dist");
    if dist.exists() {
        std::fs::remove_dir_all(&dist)
            .map_err(|e| format!("cannot clear {}: {e}", dist.display()))?;
    }
    for (bundle, page) in CONSOLE_BUNDLES {
        let started = std::time::Instant::now();
        let out = format!("dist/{bundle}");
        let public_url = format!("/console/_b/{bundle}/");
        run(Command::new("trunk")
            .current_dir(root().join("crates/console"))
            .env("PATH", path_with_tools())
            .env("TRUNK_SKIP_VERSION_CHECK", "true")
            .args(["build", page, "--release", "--dist", &out])
            .args(["--public-url", &public_url]))?;
        minify_glue(&[&format!("crates/console/{out}")])?;
        eprintln!(
            "xtask: the console's {bundle} bundle built in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// Trunk's minifier gives up on wasm-bindgen's glue (`export default`) and ships it as
/// written: esbuild minifies it in place (the html links carry no integrity hash for it,
/// `data-integrity="none"`, so the file may change after Trunk).
fn minify_glue(dirs: &[&str]) -> Result {
    for &dir in dirs {
        let entries =
            std::fs::read_dir(root().join(dir)).map_err(|e| format!("cannot read {dir}: {e}"))?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !(name.starts_with("ayuda-") && name.ends_with(".js")) {
                continue;
            }
            let path = format!("{dir}/{name}");
            let small = minified(&path)?;
            std::fs::write(root().join(&path), small)
                .map_err(|e| format!("cannot write {path}: {e}"))?;
        }
    }
    Ok(())
}
