//! Ayuda server: the axum HTTP API, staff auth, the search index's life cycle, and the CLI's
//! commands. `main.rs` only parses arguments and calls into this library.

pub mod assets;
pub mod audit;
pub mod auth;
pub mod cli;
pub mod compression;
pub mod config;
pub mod console_files;
pub mod desk;
pub mod error;
pub mod examples;
pub mod import;
pub mod limits;
pub mod passkeys;
pub mod places;
pub mod routes;
pub mod schedules;
pub mod search_log;
pub mod sign_in;
pub mod state;
pub mod time;
pub mod totp;
pub mod translations;
pub mod validate;

use std::net::SocketAddr;
use std::sync::Arc;

use ayuda_store::Store;
use tokio::net::TcpListener;

pub use config::Settings;
pub use routes::app;
pub use state::AppState;

use crate::error::AppError;

/// A bound, ready-to-run server. Bind to port 0 in tests and read [`Application::addr`].
pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    addr: SocketAddr,
    public_url: String,
    sites: state::SiteCache,
    search_log: search_log::SearchLogWriter,
}

impl Application {
    /// Connects the store, opens (and if needed rebuilds) the index, binds the address.
    pub async fn build(settings: Settings) -> Result<Application, AppError> {
        let store = Store::connect(&settings.database_url()).await?;
        store.ensure_demo_site().await?;
        let listener = TcpListener::bind(settings.addr)
            .await
            .map_err(|e| AppError::Internal(format!("cannot listen on {}: {e}", settings.addr)))?;
        let addr = listener
            .local_addr()
            .map_err(|e| AppError::Internal(format!("no local address: {e}")))?;
        let mut settings = settings;
        settings.addr = addr;
        let (index, seq) = state::open_index(&store, &settings).await?;
        let sites = state::SiteCache::default();
        sites.refresh(&store).await?;
        let public_url = settings.public_url();
        let widget = Arc::new(assets::AppFiles::new(
            settings.widget_dir.clone(),
            "the widget",
        ));
        widget.preload();
        let console = Arc::new(console_files::ConsoleFiles::new(
            settings.console_dir.clone(),
        ));
        console.preload();
        let places = Arc::new(places::PlaceLog::default());
        places.spawn_writer(store.clone(), std::time::Duration::from_secs(5));
        let (search_log, search_log_writer) =
            search_log::spawn(store.clone(), settings.search_log_window);
        let state = AppState {
            search_log,
            store: store.clone(),
            index,
            settings: Arc::new(settings),
            sites,
            login_limiter: Arc::default(),
            widget,
            console,
            places: places.clone(),
            hub: desk::hub::Hub::start(store.clone()),
            limits: Arc::default(),
            passkeys: Arc::new(passkeys::RelyingParty::new(&public_url)),
            assign_lock: Arc::default(),
        };
        state::spawn_sync(state.clone(), seq);
        desk::assignment::spawn_breach_sweeper(state.clone());
        schedules::spawn_runner(state.clone());
        desk::later::spawn_runner(state.clone());
        Ok(Application {
            listener,
            sites: state.sites.clone(),
            router: app(state),
            addr,
            public_url,
            search_log: search_log_writer,
        })
    }

    /// A site's secret (for the example host pages, which play a host app's backend).
    pub fn site_secret(&self, key: &str) -> Option<String> {
        self.sites.get(key).map(|site| site.secret.clone())
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL this server is reached at (`public_url`, else `http://{addr}`).
    pub fn public_url(&self) -> String {
        self.public_url.clone()
    }

    /// Serves until `shutdown` completes, then finishes in-flight requests and writes the
    /// searches the log still holds.
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        // axum's own per-connection service rebuilds every route from the router (~130 KiB
        // per connection, held while it is open: an idle SSE stream is mostly that). The
        // routes are built once here, and each connection shares them.
        let router: axum::Router = self.router.with_state(());
        let served = axum::serve(
            self.listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await;
        self.search_log.finish().await;
        served
    }
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
