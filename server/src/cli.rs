//! The `ayuda` command line (stable contract: see DESIGN.md).

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::config::Settings;
use crate::error::AppError;

#[derive(Debug, Parser)]
#[command(
    name = "ayuda",
    version,
    about = "Ayuda: self-hosted in-app help and support"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Where the SQLite database and the search index live [default: ./data]
    #[arg(long, global = true, env = "AYUDA_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// `sqlite:…` or `postgres://…` [default: SQLite in the data dir]
    #[arg(
        long,
        global = true,
        env = "AYUDA_DATABASE_URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    /// A settings file [default: ./ayuda.toml when present]
    #[arg(long, global = true, env = "AYUDA_CONFIG")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP server.
    Serve {
        /// Address to listen on [default: 127.0.0.1:8080]
        #[arg(long, env = "AYUDA_ADDR")]
        addr: Option<SocketAddr>,
        /// The URL readers reach this server at, for article links.
        #[arg(long, env = "AYUDA_PUBLIC_URL")]
        public_url: Option<String>,
        /// The widget's Trunk build to serve under /widget/ [default: dist]
        #[arg(long, env = "AYUDA_WIDGET_DIR")]
        widget_dir: Option<PathBuf>,
        /// The staff console's Trunk build to serve under /console/ [default: crates/console/dist]
        #[arg(long, env = "AYUDA_CONSOLE_DIR")]
        console_dir: Option<PathBuf>,
        /// Also serve the example host pages from DIR (e.g. examples/hosts) on --examples-addr.
        #[arg(long)]
        examples_dir: Option<PathBuf>,
        /// Address of the example host pages [default: 127.0.0.1:(port + 1)]. Open them as
        /// http://localhost:PORT so they run on another origin than the Ayuda server.
        #[arg(long, requires = "examples_dir")]
        examples_addr: Option<SocketAddr>,
    },
    /// Import Markdown articles (YAML front matter) from a directory; idempotent.
    Import { dir: PathBuf },
    /// Export every article as Markdown with front matter (round-trips with import).
    Export { dir: PathBuf },
    /// Rebuild the search index from the database (stop the server first).
    Reindex,
    /// Manage staff accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Write a consistent copy of the SQLite database to FILE.
    Backup { file: PathBuf },
    /// Replace the SQLite database with a backup FILE (stop the server first).
    Restore { file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a staff account, or change the password and role of an existing one.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password: String,
        #[arg(long, value_parser = ["admin", "editor", "agent"])]
        role: String,
    },
}

fn settings(global: &GlobalArgs) -> Result<Settings, AppError> {
    let mut settings =
        Settings::load(global.config.as_deref()).map_err(|e| AppError::Internal(e.to_string()))?;
    if let Some(dir) = &global.data_dir {
        settings.data_dir = dir.clone();
    }
    Ok(settings.with_database_url(global.database_url.clone()))
}

fn init_tracing(settings: &Settings) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tantivy=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if settings.log_format == "json" {
        let _ = builder.json().try_init();
    } else {
        let _ = builder.try_init();
    }
}

async fn open_store(settings: &Settings) -> Result<ayuda_store::Store, AppError> {
    std::fs::create_dir_all(&settings.data_dir).map_err(|e| {
        AppError::Internal(format!(
            "cannot create {}: {e}",
            settings.data_dir.display()
        ))
    })?;
    let store = ayuda_store::Store::connect(&settings.database_url()).await?;
    store.ensure_demo_site().await?;
    Ok(store)
}

/// Runs one command to completion.
pub async fn run(cli: Cli) -> Result<(), AppError> {
    let mut settings = settings(&cli.global)?;
    init_tracing(&settings);
    match cli.command {
        Command::Serve {
            addr,
            public_url,
            widget_dir,
            console_dir,
            examples_dir,
            examples_addr,
        } => {
            if let Some(addr) = addr {
                settings.addr = addr;
            }
            if public_url.is_some() {
                settings.public_url = public_url;
            }
            if let Some(dir) = widget_dir {
                settings.widget_dir = dir;
            }
            if let Some(dir) = console_dir {
                settings.console_dir = dir;
            }
            std::fs::create_dir_all(&settings.data_dir).map_err(|e| {
                AppError::Internal(format!(
                    "cannot create {}: {e}",
                    settings.data_dir.display()
                ))
            })?;
            let app = crate::Application::build(settings).await?;
            let addr = app.addr();
            tracing::info!(%addr, "listening");
            println!(
                "Ayuda is listening on http://{addr}  (API: http://{addr}/api/v1, health: http://{addr}/healthz, widget: http://{addr}/widget.js, console: http://{addr}/console/)"
            );
            if let Some(dir) = examples_dir {
                let examples_addr = examples_addr
                    .unwrap_or_else(|| SocketAddr::new(addr.ip(), addr.port().saturating_add(1)));
                let listener = tokio::net::TcpListener::bind(examples_addr)
                    .await
                    .map_err(|e| {
                        AppError::Internal(format!("cannot listen on {examples_addr}: {e}"))
                    })?;
                let bound = listener
                    .local_addr()
                    .map_err(|e| AppError::Internal(format!("no local address: {e}")))?;
                let origin = app.public_url();
                println!(
                    "Example host pages on http://localhost:{}/  (plain.html, spa.html, hostile.html)",
                    bound.port()
                );
                let secret = app.site_secret(ayuda_store::DEMO_SITE_KEY);
                let router = crate::examples::router(dir, origin, secret.as_deref());
                tokio::spawn(async move {
                    if let Err(e) = axum::serve(listener, router)
                        .with_graceful_shutdown(crate::shutdown_signal())
                        .await
                    {
                        tracing::error!("example pages server failed: {e}");
                    }
                });
            }
            app.run_until(crate::shutdown_signal())
                .await
                .map_err(|e| AppError::Internal(format!("server failed: {e}")))
        }
        Command::Import { dir } => {
            let store = open_store(&settings).await?;
            let summary = crate::import::import_dir(
                &store,
                &dir,
                &settings.default_locale,
                std::io::stderr().is_terminal(),
            )
            .await?;
            println!("Imported {}: {summary}", dir.display());
            Ok(())
        }
        Command::Export { dir } => {
            let store = open_store(&settings).await?;
            let count = crate::import::export_dir(&store, &dir).await?;
            println!("Exported {count} articles to {}", dir.display());
            Ok(())
        }
        Command::Reindex => {
            let store = open_store(&settings).await?;
            let index_dir = settings.index_dir();
            if index_dir.exists() {
                std::fs::remove_dir_all(&index_dir).map_err(|e| {
                    AppError::Internal(format!("cannot remove {}: {e}", index_dir.display()))
                })?;
            }
            let (index, _) = crate::state::open_index(&store, &settings).await?;
            println!("Reindexed {} published articles", index.num_docs());
            Ok(())
        }
        Command::User {
            command:
                UserCommand::Add {
                    email,
                    password,
                    role,
                },
        } => {
            crate::auth::check_email(&email)?;
            crate::auth::check_password_rules(&password)?;
            let store = open_store(&settings).await?;
            let hash = crate::auth::hash_password(&password)?;
            match store.create_user(&email, &hash, &role).await {
                Ok(user) => println!("Added {} ({})", user.email, user.role),
                Err(ayuda_store::Error::Conflict(_)) => {
                    let user = store.update_user(&email, &hash, &role).await?;
                    println!("Updated {} ({})", user.email, user.role);
                }
                Err(e) => return Err(e.into()),
            }
            Ok(())
        }
        Command::Backup { file } => {
            let store = open_store(&settings).await?;
            if file.exists() {
                return Err(AppError::invalid(format!(
                    "{} exists; choose a new file",
                    file.display()
                )));
            }
            store.backup_sqlite(&file).await?;
            println!("Backed up the database to {}", file.display());
            Ok(())
        }
        Command::Restore { file } => restore(&settings, &file).await,
    }
}

/// Checks that `file` is an Ayuda SQLite database, then puts it in place of the current one
/// (keeping the old one as `ayuda.db.before-restore`) and drops the index so it is rebuilt.
async fn restore(settings: &Settings, file: &std::path::Path) -> Result<(), AppError> {
    if settings.database_url.is_some() && !settings.database_url().starts_with("sqlite:") {
        return Err(AppError::invalid(
            "restore works on the SQLite database; use pg_restore for PostgreSQL",
        ));
    }
    std::fs::create_dir_all(&settings.data_dir).map_err(|e| AppError::Internal(e.to_string()))?;
    // Validate (and migrate) a copy, so a bad file never replaces a good database.
    let staged = settings.data_dir.join("ayuda.db.restoring");
    let _ = std::fs::remove_file(&staged);
    std::fs::copy(file, &staged)
        .map_err(|e| AppError::invalid(format!("cannot read {}: {e}", file.display())))?;
    let check = ayuda_store::Store::connect(&format!("sqlite://{}", staged.display())).await;
    let check = match check {
        Ok(store) => store,
        Err(e) => {
            let _ = std::fs::remove_file(&staged);
            return Err(AppError::invalid(format!(
                "{} is not an Ayuda backup: {e}",
                file.display()
            )));
        }
    };
    // Fold the WAL back into the file before moving it.
    check.checkpoint().await?;
    check.close().await;
    let db = settings.data_dir.join("ayuda.db");
    if db.exists() {
        std::fs::rename(&db, settings.data_dir.join("ayuda.db.before-restore"))
            .map_err(|e| AppError::Internal(e.to_string()))?;
    }
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(settings.data_dir.join(format!("ayuda.db{suffix}")));
        let _ = std::fs::remove_file(
            settings
                .data_dir
                .join(format!("ayuda.db.restoring{suffix}")),
        );
    }
    std::fs::rename(&staged, &db)
        .map_err(|e| AppError::Internal(format!("cannot move the backup in place: {e}")))?;
    let _ = std::fs::remove_dir_all(settings.index_dir());
    let _ = std::fs::remove_file(settings.data_dir.join("index.seq"));
    println!(
        "Restored {} (the index is rebuilt on the next start)",
        file.display()
    );
    Ok(())
}
