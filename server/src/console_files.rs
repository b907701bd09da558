//! The staff console's builds in memory. The console is four bundles
//! (`crates/console/src/bundle.rs`): the sign-in, the editors', the agents' and the admins'
//! (every screen, the sign-in too), each a Trunk build in `{console_dir}/{bundle}/` with its
//! files under `/console/_b/{bundle}/`, each an [`AppFiles`] (loaded and compressed once,
//! reloaded when rebuilt). A build from before the split (`index.html` and its files in
//! `{console_dir}` itself, files under `/console/`) is still served, as a whole console.
//! `routes::console` picks the page for each request.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use ayuda_api::Role;

use crate::assets::{AppFiles, Dist};
use crate::error::AppResult;

/// One of the console's builds. The names are the console's (`Bundle::key`) and `cargo
/// xtask`'s (`crates/xtask/src/tools.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConsoleBundle {
    SignIn,
    Editor,
    Agent,
    Admin,
}

impl ConsoleBundle {
    pub const ALL: [ConsoleBundle; 4] = [
        ConsoleBundle::SignIn,
        ConsoleBundle::Editor,
        ConsoleBundle::Agent,
        ConsoleBundle::Admin,
    ];

    /// Its folder under the console's directory, and its files' address
    /// (`/console/_b/{key}/`).
    pub fn key(self) -> &'static str {
        match self {
            ConsoleBundle::SignIn => "sign-in",
            ConsoleBundle::Editor => "editor",
            ConsoleBundle::Agent => "agent",
            ConsoleBundle::Admin => "admin",
        }
    }

    pub fn parse(key: &str) -> Option<ConsoleBundle> {
        Self::ALL.into_iter().find(|bundle| bundle.key() == key)
    }

    /// The bundle for whoever is signed in (`None`: nobody).
    pub fn for_role(role: Option<Role>) -> ConsoleBundle {
        match role {
            None => ConsoleBundle::SignIn,
            Some(Role::Editor) => ConsoleBundle::Editor,
            Some(Role::Agent) => ConsoleBundle::Agent,
            Some(Role::Admin) => ConsoleBundle::Admin,
        }
    }

    /// What it is, for errors and logs.
    fn what(self) -> &'static str {
        match self {
            ConsoleBundle::SignIn => "the console's sign-in bundle",
            ConsoleBundle::Editor => "the console's editors' bundle",
            ConsoleBundle::Agent => "the console's agents' bundle",
            ConsoleBundle::Admin => "the console's admins' bundle",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Which build a page came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Served {
    Bundle(ConsoleBundle),
    /// A build from before the console was split.
    Single,
}

/// Where to look for `wanted`'s page, best first: itself; then a whole console (the admins'
/// bundle, or a build from before the split), which serves anyone; then any bundle there is
/// (the page may then hand over, and fail to, but says so).
pub fn fallbacks(wanted: ConsoleBundle) -> Vec<Served> {
    let mut order = vec![
        Served::Bundle(wanted),
        Served::Bundle(ConsoleBundle::Admin),
        Served::Single,
    ];
    for bundle in ConsoleBundle::ALL {
        order.push(Served::Bundle(bundle));
    }
    let mut seen = Vec::new();
    order.retain(|served| {
        let new = !seen.contains(served);
        seen.push(*served);
        new
    });
    order
}

/// The console's builds.
pub struct ConsoleFiles {
    /// In [`ConsoleBundle::ALL`]'s order.
    bundles: [Arc<AppFiles>; 4],
    single: Arc<AppFiles>,
    /// Whether a missing bundle was logged already (once per bundle and process).
    warned: [AtomicBool; 4],
}

impl std::fmt::Debug for ConsoleFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConsoleFiles")
            .field("single", &self.single)
            .finish()
    }
}

impl ConsoleFiles {
    /// The builds under `dir` (`crates/console/dist`).
    pub fn new(dir: PathBuf) -> ConsoleFiles {
        ConsoleFiles {
            bundles: ConsoleBundle::ALL
                .map(|bundle| Arc::new(AppFiles::new(dir.join(bundle.key()), bundle.what()))),
            single: Arc::new(AppFiles::new(dir, "the console")),
            warned: Default::default(),
        }
    }

    /// Loads and compresses the builds there are in the background, one after another (the
    /// sign-in first: a first visitor's), so that no visitor waits for it.
    pub fn preload(self: &Arc<Self>) {
        let this = self.clone();
        tokio::spawn(async move {
            let order = [
                ConsoleBundle::SignIn,
                ConsoleBundle::Admin,
                ConsoleBundle::Agent,
                ConsoleBundle::Editor,
            ];
            for bundle in order {
                if let Err(e) = this.bundle(bundle).await {
                    tracing::debug!("{} not preloaded: {e}", bundle.what());
                }
            }
            if let Err(e) = this.single().await {
                tracing::debug!("no console build from before the split: {e}");
            }
        });
    }

    /// `bundle`'s build, or the error saying it is not built.
    pub async fn bundle(&self, bundle: ConsoleBundle) -> AppResult<Arc<Dist>> {
        self.bundles[bundle.index()].dist().await
    }

    /// A build from before the split, if the console's directory holds one.
    pub async fn single(&self) -> AppResult<Arc<Dist>> {
        self.single.dist().await
    }

    async fn served(&self, served: Served) -> AppResult<Arc<Dist>> {
        match served {
            Served::Bundle(bundle) => self.bundle(bundle).await,
            Served::Single => self.single().await,
        }
    }

    /// The page for `wanted`: its own build, else the first of its [`fallbacks`] there is (and
    /// the stand-in is logged, once); the error for `wanted` when there is none at all.
    pub async fn page(&self, wanted: ConsoleBundle) -> AppResult<(Served, Arc<Dist>)> {
        let mut first_error = None;
        for served in fallbacks(wanted) {
            match self.served(served).await {
                Ok(dist) => {
                    if first_error.is_some()
                        && !self.warned[wanted.index()].swap(true, Ordering::Relaxed)
                    {
                        tracing::warn!(
                            "{} is missing: serving {served:?} in its place (build the console \
                             with `cargo xtask demo`)",
                            wanted.what()
                        );
                    }
                    return Ok((served, dist));
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        Err(first_error.unwrap_or_else(|| {
            crate::error::AppError::Internal("no console build to look for".to_owned())
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_its_own_bundle() {
        assert_eq!(ConsoleBundle::for_role(None), ConsoleBundle::SignIn);
        assert_eq!(
            ConsoleBundle::for_role(Some(Role::Agent)),
            ConsoleBundle::Agent
        );
        assert_eq!(
            ConsoleBundle::for_role(Some(Role::Editor)),
            ConsoleBundle::Editor
        );
        assert_eq!(
            ConsoleBundle::for_role(Some(Role::Admin)),
            ConsoleBundle::Admin
        );
        for bundle in ConsoleBundle::ALL {
            assert_eq!(ConsoleBundle::parse(bundle.key()), Some(bundle));
            assert_eq!(ConsoleBundle::ALL[bundle.index()], bundle);
        }
        assert_eq!(ConsoleBundle::parse("Admin"), None);
        assert_eq!(ConsoleBundle::parse("../admin"), None);
    }

    #[test]
    fn a_missing_bundle_falls_back_to_a_whole_console_first() {
        assert_eq!(
            fallbacks(ConsoleBundle::Agent),
            vec![
                Served::Bundle(ConsoleBundle::Agent),
                Served::Bundle(ConsoleBundle::Admin),
                Served::Single,
                Served::Bundle(ConsoleBundle::SignIn),
                Served::Bundle(ConsoleBundle::Editor),
            ]
        );
        let admin = fallbacks(ConsoleBundle::Admin);
        assert_eq!(admin.len(), 5);
        assert_eq!(
            admin[..2],
            [Served::Bundle(ConsoleBundle::Admin), Served::Single]
        );
    }

    /// Only the sign-in bundle and an old single build are there: the sign-in is served as
    /// itself, the others get the old build (a whole console); with nothing, the sign-in's
    /// error.
    #[tokio::test]
    async fn serves_what_is_built() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let files = ConsoleFiles::new(dir.path().to_path_buf());
        assert!(files.page(ConsoleBundle::SignIn).await.is_err());
        std::fs::create_dir(dir.path().join("sign-in"))?;
        std::fs::write(dir.path().join("sign-in/index.html"), "<p>sign in</p>")?;
        let (served, _) = files.page(ConsoleBundle::Agent).await?;
        assert_eq!(served, Served::Bundle(ConsoleBundle::SignIn));
        std::fs::write(dir.path().join("index.html"), "<p>everything</p>")?;
        let (served, _) = files.page(ConsoleBundle::Agent).await?;
        assert_eq!(served, Served::Single);
        let (served, dist) = files.page(ConsoleBundle::SignIn).await?;
        assert_eq!(served, Served::Bundle(ConsoleBundle::SignIn));
        assert_eq!(dist.index.sizes().0, "<p>sign in</p>".len());
        Ok(())
    }
}
