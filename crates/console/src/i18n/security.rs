//! The strings of two-factor authentication (the sign-in's second step and the account's
//! section), in Spanish and English: one [`pair`] for the fixed ones (reached through
//! `Text::Security`), functions for those with numbers in them.

use super::locale::Locale;

/// A string about the second factor. Add a variant and the compiler asks for both
/// translations in [`pair`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SecurityText {
    CodeIntro,
    CodeLabel,
    CodeHint,
    Verify,
    Verifying,
    WrongCode,
    MissingCode,
    ChangeEmail,
    TwoFactor,
    TwoFactorIntro,
    StateOff,
    StateOn,
    RequiredByOrganisation,
    SetupRequiredNotice,
    SetUp,
    Preparing,
    ScanQr,
    QrAlt,
    SecretLabel,
    AppCodeLabel,
    AppCodeHint,
    TurnOn,
    TurningOn,
    SetupFailed,
    RecoveryTitle,
    RecoveryHint,
    Copy,
    Copied,
    Download,
    Done,
    StatusFailed,
    RenewCodes,
    RenewHint,
    CreateCodes,
    Renewing,
    RenewFailed,
    TurnOff,
    TurnOffHint,
    TurnOffYes,
    TurningOff,
    TurnOffFailed,
    WrongPassword,
    CannotTurnOff,
    TurnedOff,
    RecoveryFileTitle,
}

impl SecurityText {
    /// Every variant, for the test that checks each has two non-empty translations.
    pub const ALL: [SecurityText; 45] = [
        SecurityText::CodeIntro,
        SecurityText::CodeLabel,
        SecurityText::CodeHint,
        SecurityText::Verify,
        SecurityText::Verifying,
        SecurityText::WrongCode,
        SecurityText::MissingCode,
        SecurityText::ChangeEmail,
        SecurityText::TwoFactor,
        SecurityText::TwoFactorIntro,
        SecurityText::StateOff,
        SecurityText::StateOn,
        SecurityText::RequiredByOrganisation,
        SecurityText::SetupRequiredNotice,
        SecurityText::SetUp,
        SecurityText::Preparing,
        SecurityText::ScanQr,
        SecurityText::QrAlt,
        SecurityText::SecretLabel,
        SecurityText::AppCodeLabel,
        SecurityText::AppCodeHint,
        SecurityText::TurnOn,
        SecurityText::TurningOn,
        SecurityText::SetupFailed,
        SecurityText::RecoveryTitle,
        SecurityText::RecoveryHint,
        SecurityText::Copy,
        SecurityText::Copied,
        SecurityText::Download,
        SecurityText::Done,
        SecurityText::StatusFailed,
        SecurityText::RenewCodes,
        SecurityText::RenewHint,
        SecurityText::CreateCodes,
        SecurityText::Renewing,
        SecurityText::RenewFailed,
        SecurityText::TurnOff,
        SecurityText::TurnOffHint,
        SecurityText::TurnOffYes,
        SecurityText::TurningOff,
        SecurityText::TurnOffFailed,
        SecurityText::WrongPassword,
        SecurityText::CannotTurnOff,
        SecurityText::TurnedOff,
        SecurityText::RecoveryFileTitle,
    ];
}

/// Both translations of `text`: (Spanish, English).
pub fn pair(text: SecurityText) -> (&'static str, &'static str) {
    use SecurityText as S;
    match text {
        S::CodeIntro => (
            "Tu cuenta tiene verificación en dos pasos. Escribe un código para terminar de iniciar sesión.",
            "Your account has two-factor authentication. Enter a code to finish signing in.",
        ),
        S::CodeLabel => ("Código de verificación", "Verification code"),
        S::CodeHint => (
            "Los 6 dígitos de tu aplicación de autenticación, o uno de tus códigos de recuperación (como abcd-efgh-23).",
            "The 6 digits from your authenticator app, or one of your recovery codes (like abcd-efgh-23).",
        ),
        S::Verify => ("Verificar", "Verify"),
        S::Verifying => ("Verificando…", "Verifying…"),
        S::WrongCode => (
            "El código no es correcto. Prueba con uno nuevo.",
            "The code is not correct. Try a new one.",
        ),
        S::MissingCode => ("Escribe el código.", "Enter the code."),
        S::ChangeEmail => ("Usar otro correo", "Use a different e-mail"),
        S::TwoFactor => ("Verificación en dos pasos", "Two-factor authentication"),
        S::TwoFactorIntro => (
            "Además de tu contraseña, un código de una aplicación de tu teléfono al iniciar sesión.",
            "Besides your password, a code from an app on your phone when you sign in.",
        ),
        S::StateOff => (
            "La app de autenticación está desactivada.",
            "The authenticator app is off.",
        ),
        S::StateOn => (
            "La app de autenticación está activada.",
            "The authenticator app is on.",
        ),
        S::RequiredByOrganisation => (
            "Tu organización la exige para todo el equipo.",
            "Your organisation requires it of all staff.",
        ),
        S::SetupRequiredNotice => (
            "Tu organización exige la verificación en dos pasos. Configúrala para seguir usando la consola.",
            "Your organisation requires two-factor authentication. Set it up to keep using the console.",
        ),
        S::SetUp => (
            "Configurar la verificación en dos pasos",
            "Set up two-factor authentication",
        ),
        S::Preparing => ("Preparando…", "Preparing…"),
        S::ScanQr => (
            "Escanea este código QR con tu aplicación de autenticación, o escribe la clave en ella.",
            "Scan this QR code with your authenticator app, or type the key into it.",
        ),
        S::QrAlt => (
            "Código QR para añadir tu cuenta de Ayuda a una aplicación de autenticación",
            "QR code to add your Ayuda account to an authenticator app",
        ),
        S::SecretLabel => ("Clave para escribir", "Key to type in"),
        S::AppCodeLabel => ("Código de la aplicación", "Code from the app"),
        S::AppCodeHint => (
            "Los 6 dígitos que muestra la aplicación ahora.",
            "The 6 digits the app shows now.",
        ),
        S::TurnOn => ("Activar", "Turn on"),
        S::TurningOn => ("Activando…", "Turning on…"),
        S::SetupFailed => (
            "No se pudo activar la verificación en dos pasos.",
            "Could not turn on two-factor authentication.",
        ),
        S::RecoveryTitle => ("Tus códigos de recuperación", "Your recovery codes"),
        S::RecoveryHint => (
            "Si pierdes el teléfono, cada código sirve una vez para iniciar sesión. Guárdalos en un lugar seguro: solo se muestran ahora.",
            "If you lose your phone, each code signs you in once. Keep them somewhere safe: they are shown only now.",
        ),
        S::Copy => ("Copiar", "Copy"),
        S::Copied => ("Códigos copiados.", "Codes copied."),
        S::Download => ("Descargar", "Download"),
        S::Done => ("Hecho", "Done"),
        S::StatusFailed => (
            "No se pudo cargar tu verificación en dos pasos.",
            "Could not load your two-factor settings.",
        ),
        S::RenewCodes => ("Nuevos códigos de recuperación", "New recovery codes"),
        S::RenewHint => (
            "Escribe un código actual de tu aplicación. Los códigos de recuperación anteriores dejarán de servir.",
            "Enter a current code from your app. Your old recovery codes will stop working.",
        ),
        S::CreateCodes => ("Crear códigos nuevos", "Create new codes"),
        S::Renewing => ("Creando…", "Creating…"),
        S::RenewFailed => (
            "No se pudieron crear códigos nuevos.",
            "Could not create new codes.",
        ),
        S::TurnOff => ("Desactivar", "Turn off"),
        S::TurnOffHint => (
            "Escribe tu contraseña para desactivar la verificación en dos pasos.",
            "Enter your password to turn off two-factor authentication.",
        ),
        S::TurnOffYes => ("Sí, desactivar", "Yes, turn off"),
        S::TurningOff => ("Desactivando…", "Turning off…"),
        S::TurnOffFailed => (
            "No se pudo desactivar la verificación en dos pasos.",
            "Could not turn off two-factor authentication.",
        ),
        S::WrongPassword => (
            "La contraseña no es correcta.",
            "The password is not correct.",
        ),
        S::CannotTurnOff => (
            "Tu organización la exige: no se puede desactivar.",
            "Your organisation requires it: it cannot be turned off.",
        ),
        S::TurnedOff => (
            "La verificación en dos pasos está desactivada.",
            "Two-factor authentication is off.",
        ),
        S::RecoveryFileTitle => (
            "Códigos de recuperación de Ayuda (cada uno sirve una vez)",
            "Ayuda recovery codes (each works once)",
        ),
    }
}

/// "3 recovery codes left".
pub fn codes_left(locale: Locale, count: i64) -> String {
    match (locale, count) {
        (Locale::Es, 1) => "Queda 1 código de recuperación.".to_owned(),
        (Locale::Es, n) => format!("Quedan {n} códigos de recuperación."),
        (Locale::En, 1) => "1 recovery code left.".to_owned(),
        (Locale::En, n) => format!("{n} recovery codes left."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_both_translations() {
        for text in SecurityText::ALL {
            let (es, en) = pair(text);
            assert!(!es.trim().is_empty() && !en.trim().is_empty(), "{text:?}");
        }
        let unique: std::collections::HashSet<_> = SecurityText::ALL.iter().collect();
        assert_eq!(unique.len(), SecurityText::ALL.len());
    }

    #[test]
    fn counts() {
        assert_eq!(codes_left(Locale::En, 1), "1 recovery code left.");
        assert_eq!(codes_left(Locale::En, 0), "0 recovery codes left.");
        assert_eq!(
            codes_left(Locale::Es, 7),
            "Quedan 7 códigos de recuperación."
        );
    }
}
