//! The strings of passkeys (the sign-in's buttons and the account's section), in Spanish and
//! English: one [`pair`] for the fixed ones (reached through `Text::Passkey`), functions for
//! those with a name in them.

use super::locale::Locale;

/// A string about passkeys. Add a variant and the compiler asks for both translations in
/// [`pair`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PasskeyText {
    Or,
    SignInWithPasskey,
    UsePasskeyInstead,
    WaitingForPasskey,
    SignInCancelled,
    Refused,
    Passkeys,
    Intro,
    SetupAlternative,
    Caption,
    Name,
    Added,
    LastUsed,
    Never,
    Actions,
    Remove,
    NoPasskeys,
    ListFailed,
    NewName,
    NameHint,
    MissingName,
    Add,
    Adding,
    FollowBrowser,
    PasskeyAdded,
    PasskeyRemoved,
    AddFailed,
    AddCancelled,
    RemoveFailed,
    RemoveYes,
    Removing,
    AlreadyOnDevice,
    WrongAddress,
    BrowserFailed,
    Unsupported,
    Unavailable,
    DefaultName,
}

impl PasskeyText {
    /// Every variant, for the test that checks each has two non-empty translations.
    pub const ALL: [PasskeyText; 37] = [
        PasskeyText::Or,
        PasskeyText::SignInWithPasskey,
        PasskeyText::UsePasskeyInstead,
        PasskeyText::WaitingForPasskey,
        PasskeyText::SignInCancelled,
        PasskeyText::Refused,
        PasskeyText::Passkeys,
        PasskeyText::Intro,
        PasskeyText::SetupAlternative,
        PasskeyText::Caption,
        PasskeyText::Name,
        PasskeyText::Added,
        PasskeyText::LastUsed,
        PasskeyText::Never,
        PasskeyText::Actions,
        PasskeyText::Remove,
        PasskeyText::NoPasskeys,
        PasskeyText::ListFailed,
        PasskeyText::NewName,
        PasskeyText::NameHint,
        PasskeyText::MissingName,
        PasskeyText::Add,
        PasskeyText::Adding,
        PasskeyText::FollowBrowser,
        PasskeyText::PasskeyAdded,
        PasskeyText::PasskeyRemoved,
        PasskeyText::AddFailed,
        PasskeyText::AddCancelled,
        PasskeyText::RemoveFailed,
        PasskeyText::RemoveYes,
        PasskeyText::Removing,
        PasskeyText::AlreadyOnDevice,
        PasskeyText::WrongAddress,
        PasskeyText::BrowserFailed,
        PasskeyText::Unsupported,
        PasskeyText::Unavailable,
        PasskeyText::DefaultName,
    ];
}

/// Both translations of `text`: (Spanish, English).
pub fn pair(text: PasskeyText) -> (&'static str, &'static str) {
    use PasskeyText as P;
    match text {
        P::Or => ("o", "or"),
        P::SignInWithPasskey => (
            "Iniciar sesión con una llave de acceso",
            "Sign in with a passkey",
        ),
        P::UsePasskeyInstead => ("Usar una llave de acceso", "Use a passkey instead"),
        P::WaitingForPasskey => (
            "Sigue las indicaciones del navegador para usar tu llave de acceso…",
            "Follow your browser's prompts to use your passkey…",
        ),
        P::SignInCancelled => (
            "No se usó ninguna llave de acceso. Puedes volver a intentarlo cuando quieras.",
            "No passkey was used. You can try again whenever you like.",
        ),
        // Never says why (an unknown passkey, another account's, a bad signature).
        P::Refused => (
            "No se pudo iniciar sesión con esa llave de acceso.",
            "Could not sign in with that passkey.",
        ),
        P::Passkeys => ("Llaves de acceso", "Passkeys"),
        P::Intro => (
            "Una llave de acceso te identifica con la huella, la cara, el bloqueo de pantalla o una llave de seguridad. Sirve para iniciar sesión sin contraseña y cuenta como verificación en dos pasos.",
            "A passkey knows you by your fingerprint, face, screen lock or security key. It signs you in without a password, and counts as your second factor.",
        ),
        P::SetupAlternative => (
            "En lugar de la aplicación de autenticación, puedes añadir una llave de acceso: también cumple el requisito.",
            "Instead of an authenticator app, you can add a passkey: it meets the requirement too.",
        ),
        P::Caption => ("Tus llaves de acceso", "Your passkeys"),
        P::Name => ("Nombre", "Name"),
        P::Added => ("Añadida", "Added"),
        P::LastUsed => ("Último uso", "Last used"),
        P::Never => ("Nunca", "Never"),
        P::Actions => ("Acciones", "Actions"),
        P::Remove => ("Quitar", "Remove"),
        P::NoPasskeys => (
            "Todavía no tienes llaves de acceso.",
            "You have no passkeys yet.",
        ),
        P::ListFailed => (
            "No se pudieron cargar tus llaves de acceso.",
            "Could not load your passkeys.",
        ),
        P::NewName => (
            "Nombre de la nueva llave de acceso",
            "Name of the new passkey",
        ),
        P::NameHint => (
            "Para distinguir tus llaves: por ejemplo, el dispositivo donde la guardas.",
            "To tell your passkeys apart: the device that keeps it, for example.",
        ),
        P::MissingName => (
            "Escribe un nombre para la llave de acceso.",
            "Enter a name for the passkey.",
        ),
        P::Add => ("Añadir una llave de acceso", "Add a passkey"),
        P::Adding => ("Añadiendo…", "Adding…"),
        P::FollowBrowser => (
            "Sigue las indicaciones del navegador para crear la llave de acceso…",
            "Follow your browser's prompts to create the passkey…",
        ),
        P::PasskeyAdded => ("Llave de acceso añadida.", "Passkey added."),
        P::PasskeyRemoved => ("Llave de acceso quitada.", "Passkey removed."),
        P::AddFailed => (
            "No se pudo añadir la llave de acceso.",
            "Could not add the passkey.",
        ),
        P::AddCancelled => (
            "Cancelado: no se añadió ninguna llave de acceso.",
            "Cancelled: no passkey was added.",
        ),
        P::RemoveFailed => (
            "No se pudo quitar la llave de acceso.",
            "Could not remove the passkey.",
        ),
        P::RemoveYes => ("Sí, quitarla", "Yes, remove it"),
        P::Removing => ("Quitando…", "Removing…"),
        P::AlreadyOnDevice => (
            "Este dispositivo ya guarda una llave de acceso de tu cuenta.",
            "This device already keeps a passkey for your account.",
        ),
        P::WrongAddress => (
            "El navegador no admite llaves de acceso en esta dirección: abre la consola en la dirección pública del servidor.",
            "The browser does not allow passkeys at this address: open the console at the server's public address.",
        ),
        P::BrowserFailed => (
            "El navegador no pudo usar la llave de acceso.",
            "The browser could not use the passkey.",
        ),
        P::Unsupported => (
            "Este navegador no puede crear llaves de acceso.",
            "This browser cannot create passkeys.",
        ),
        P::Unavailable => (
            "Las llaves de acceso no están disponibles en este servidor.",
            "Passkeys are not available on this server.",
        ),
        P::DefaultName => ("Llave de acceso", "Passkey"),
    }
}

/// The suggested name of a new passkey: "Chrome on Linux", or what is known of it.
pub fn device_name(locale: Locale, browser: Option<&str>, system: Option<&str>) -> String {
    match (locale, browser, system) {
        (Locale::Es, Some(browser), Some(system)) => format!("{browser} en {system}"),
        (Locale::En, Some(browser), Some(system)) => format!("{browser} on {system}"),
        (_, Some(known), None) | (_, None, Some(known)) => known.to_owned(),
        (Locale::Es, None, None) => pair(PasskeyText::DefaultName).0.to_owned(),
        (Locale::En, None, None) => pair(PasskeyText::DefaultName).1.to_owned(),
    }
}

/// The remove button's name: "Remove the passkey “Chrome on Linux”" (it begins with the
/// button's visible "Remove").
pub fn remove_passkey_label(locale: Locale, name: &str) -> String {
    match locale {
        Locale::Es => format!("Quitar la llave de acceso «{name}»"),
        Locale::En => format!("Remove the passkey “{name}”"),
    }
}

/// The question before removing one.
pub fn confirm_remove_passkey(locale: Locale, name: &str) -> String {
    match locale {
        Locale::Es => {
            format!("¿Quitar la llave de acceso «{name}»? Ya no podrás iniciar sesión con ella.")
        }
        Locale::En => {
            format!("Remove the passkey “{name}”? You will no longer be able to sign in with it.")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_both_translations() {
        for text in PasskeyText::ALL {
            let (es, en) = pair(text);
            assert!(!es.trim().is_empty() && !en.trim().is_empty(), "{text:?}");
        }
        let unique: std::collections::HashSet<_> = PasskeyText::ALL.iter().collect();
        assert_eq!(unique.len(), PasskeyText::ALL.len());
    }

    #[test]
    fn names() {
        assert_eq!(
            device_name(Locale::En, Some("Chrome"), Some("Linux")),
            "Chrome on Linux"
        );
        assert_eq!(
            device_name(Locale::Es, Some("Safari"), Some("iPhone")),
            "Safari en iPhone"
        );
        assert_eq!(device_name(Locale::En, None, Some("Android")), "Android");
        assert_eq!(device_name(Locale::Es, Some("Firefox"), None), "Firefox");
        assert_eq!(device_name(Locale::Es, None, None), "Llave de acceso");
        assert!(remove_passkey_label(Locale::En, "Key").starts_with("Remove"));
        assert!(remove_passkey_label(Locale::Es, "Key").starts_with("Quitar"));
        assert_eq!(
            confirm_remove_passkey(Locale::En, "Key"),
            "Remove the passkey “Key”? You will no longer be able to sign in with it."
        );
    }
}
