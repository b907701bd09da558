//! The strings of the admins' screens (the team, the audit log, the security policy), in
//! Spanish and English: one [`pair`] for the fixed ones (reached through `Text::Admin`),
//! functions for those with an e-mail or a role in them.

use super::locale::Locale;

/// A string of the admins' screens. Add a variant and the compiler asks for both translations
/// in [`pair`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AdminText {
    Team,
    AuditLog,
    Security,
    AdminsOnly,
    TeamIntro,
    SearchTeam,
    TeamCaption,
    Added,
    Actions,
    Active,
    SwitchedOff,
    SecondFactor,
    SecondFactorOn,
    SecondFactorOff,
    You,
    NoMembers,
    TeamFailed,
    Manage,
    AddMember,
    InitialPassword,
    PasswordHint,
    Generate,
    GenerateFailed,
    Create,
    Creating,
    CreateFailed,
    EmailTaken,
    MissingEmail,
    PasswordTooShort,
    PasswordTooLong,
    PasswordRepeated,
    PasswordHoldsName,
    PassOnTitle,
    PassOnHint,
    PasswordCopied,
    CopyFailed,
    MemberActions,
    SaveRole,
    Saving,
    SwitchOff,
    SwitchOn,
    SwitchOffYes,
    SwitchingOff,
    SwitchingOn,
    ResetPassword,
    NewPassword,
    ResetPasswordYes,
    ResettingPassword,
    ResetTwoFactor,
    ResetTwoFactorYes,
    ResettingTwoFactor,
    Close,
    LastAdmin,
    MemberGone,
    ChangeFailed,
    AuditIntro,
    Action,
    AllActions,
    Actor,
    Since,
    Until,
    ClearFilters,
    AuditCaption,
    When,
    Who,
    Target,
    Detail,
    Address,
    UnknownActor,
    NoEntries,
    AuditFailed,
    PeriodBackwards,
    FamilyAuth,
    FamilyUser,
    FamilyToken,
    FamilyArticle,
    FamilySecurity,
    FamilyOther,
    SecurityIntro,
    RequireTwoFactor,
    RequireExplain,
    StateRequired,
    StateNotRequired,
    RequireIt,
    StopRequiring,
    ConfirmRequire,
    ConfirmRequireYes,
    SavingPolicy,
    SavedRequired,
    SavedNotRequired,
    PolicyFailed,
    PolicySaveFailed,
}

impl AdminText {
    /// Every variant, for the test that checks each has two non-empty translations.
    pub const ALL: [AdminText; 92] = [
        AdminText::Team,
        AdminText::AuditLog,
        AdminText::Security,
        AdminText::AdminsOnly,
        AdminText::TeamIntro,
        AdminText::SearchTeam,
        AdminText::TeamCaption,
        AdminText::Added,
        AdminText::Actions,
        AdminText::Active,
        AdminText::SwitchedOff,
        AdminText::SecondFactor,
        AdminText::SecondFactorOn,
        AdminText::SecondFactorOff,
        AdminText::You,
        AdminText::NoMembers,
        AdminText::TeamFailed,
        AdminText::Manage,
        AdminText::AddMember,
        AdminText::InitialPassword,
        AdminText::PasswordHint,
        AdminText::Generate,
        AdminText::GenerateFailed,
        AdminText::Create,
        AdminText::Creating,
        AdminText::CreateFailed,
        AdminText::EmailTaken,
        AdminText::MissingEmail,
        AdminText::PasswordTooShort,
        AdminText::PasswordTooLong,
        AdminText::PasswordRepeated,
        AdminText::PasswordHoldsName,
        AdminText::PassOnTitle,
        AdminText::PassOnHint,
        AdminText::PasswordCopied,
        AdminText::CopyFailed,
        AdminText::MemberActions,
        AdminText::SaveRole,
        AdminText::Saving,
        AdminText::SwitchOff,
        AdminText::SwitchOn,
        AdminText::SwitchOffYes,
        AdminText::SwitchingOff,
        AdminText::SwitchingOn,
        AdminText::ResetPassword,
        AdminText::NewPassword,
        AdminText::ResetPasswordYes,
        AdminText::ResettingPassword,
        AdminText::ResetTwoFactor,
        AdminText::ResetTwoFactorYes,
        AdminText::ResettingTwoFactor,
        AdminText::Close,
        AdminText::LastAdmin,
        AdminText::MemberGone,
        AdminText::ChangeFailed,
        AdminText::AuditIntro,
        AdminText::Action,
        AdminText::AllActions,
        AdminText::Actor,
        AdminText::Since,
        AdminText::Until,
        AdminText::ClearFilters,
        AdminText::AuditCaption,
        AdminText::When,
        AdminText::Who,
        AdminText::Target,
        AdminText::Detail,
        AdminText::Address,
        AdminText::UnknownActor,
        AdminText::NoEntries,
        AdminText::AuditFailed,
        AdminText::PeriodBackwards,
        AdminText::FamilyAuth,
        AdminText::FamilyUser,
        AdminText::FamilyToken,
        AdminText::FamilyArticle,
        AdminText::FamilySecurity,
        AdminText::FamilyOther,
        AdminText::SecurityIntro,
        AdminText::RequireTwoFactor,
        AdminText::RequireExplain,
        AdminText::StateRequired,
        AdminText::StateNotRequired,
        AdminText::RequireIt,
        AdminText::StopRequiring,
        AdminText::ConfirmRequire,
        AdminText::ConfirmRequireYes,
        AdminText::SavingPolicy,
        AdminText::SavedRequired,
        AdminText::SavedNotRequired,
        AdminText::PolicyFailed,
        AdminText::PolicySaveFailed,
    ];
}

/// Both translations of `text`: (Spanish, English).
pub fn pair(text: AdminText) -> (&'static str, &'static str) {
    use AdminText as A;
    match text {
        A::Team => ("Equipo", "Team"),
        A::AuditLog => ("Registro de actividad", "Audit log"),
        A::Security => ("Seguridad", "Security"),
        A::AdminsOnly => (
            "Solo las personas administradoras pueden ver esta página.",
            "Only admins can see this page.",
        ),
        A::TeamIntro => (
            "Las cuentas del equipo: quién entra en la consola y con qué rol.",
            "The staff accounts: who signs in to the console, and with which role.",
        ),
        A::SearchTeam => ("Buscar por correo o rol", "Search by e-mail or role"),
        A::TeamCaption => ("Miembros del equipo", "Staff members"),
        A::Added => ("Alta", "Added"),
        A::Actions => ("Acciones", "Actions"),
        A::Active => ("Activa", "Active"),
        A::SwitchedOff => ("Desactivada", "Switched off"),
        A::SecondFactor => ("Segundo factor", "Second factor"),
        A::SecondFactorOn => ("Activado", "On"),
        A::SecondFactorOff => ("Sin segundo factor", "None"),
        A::You => ("Tú", "You"),
        A::NoMembers => ("Ningún miembro coincide.", "No members match."),
        A::TeamFailed => ("No se pudo cargar el equipo.", "Could not load the team."),
        A::Manage => ("Gestionar", "Manage"),
        A::AddMember => ("Añadir un miembro", "Add a member"),
        A::InitialPassword => ("Contraseña inicial", "Initial password"),
        A::PasswordHint => (
            "Al menos 10 caracteres, sin el nombre de su correo. Genera una y dásela por un canal seguro.",
            "At least 10 characters, without their e-mail name. Generate one and pass it on by a safe channel.",
        ),
        A::Generate => ("Generar una contraseña", "Generate a password"),
        A::GenerateFailed => (
            "Este navegador no puede generar una contraseña segura. Escribe una.",
            "This browser cannot generate a secure password. Type one instead.",
        ),
        A::Create => ("Añadir", "Add member"),
        A::Creating => ("Añadiendo…", "Adding…"),
        A::CreateFailed => ("No se pudo añadir el miembro.", "Could not add the member."),
        A::EmailTaken => (
            "Ya hay una cuenta con ese correo.",
            "An account with that e-mail already exists.",
        ),
        A::MissingEmail => (
            "Escribe un correo electrónico válido.",
            "Enter a valid e-mail address.",
        ),
        A::PasswordTooShort => (
            "La contraseña necesita al menos 10 caracteres.",
            "The password needs at least 10 characters.",
        ),
        A::PasswordTooLong => (
            "La contraseña no puede pasar de 256 caracteres.",
            "The password cannot be longer than 256 characters.",
        ),
        A::PasswordRepeated => (
            "La contraseña no puede ser un solo carácter repetido.",
            "The password cannot be one character repeated.",
        ),
        A::PasswordHoldsName => (
            "La contraseña no puede contener el nombre de su correo.",
            "The password cannot contain their e-mail name.",
        ),
        A::PassOnTitle => ("Contraseña para entregar", "Password to pass on"),
        A::PassOnHint => (
            "Dásela por un canal seguro (en persona o por teléfono, no en el mismo correo). No se volverá a mostrar.",
            "Give it to them by a safe channel (in person or by phone, not in the same e-mail). It is not shown again.",
        ),
        A::PasswordCopied => ("Contraseña copiada.", "Password copied."),
        A::CopyFailed => (
            "No se pudo copiar: selecciónala y cópiala a mano.",
            "Could not copy: select it and copy it by hand.",
        ),
        A::MemberActions => ("Gestionar la cuenta", "Manage the account"),
        A::SaveRole => ("Cambiar el rol", "Change role"),
        A::Saving => ("Guardando…", "Saving…"),
        A::SwitchOff => ("Desactivar la cuenta", "Switch off"),
        A::SwitchOn => ("Reactivar la cuenta", "Switch on"),
        A::SwitchOffYes => ("Sí, desactivar", "Yes, switch off"),
        A::SwitchingOff => ("Desactivando…", "Switching off…"),
        A::SwitchingOn => ("Reactivando…", "Switching on…"),
        A::ResetPassword => ("Restablecer la contraseña", "Reset password"),
        A::NewPassword => ("Nueva contraseña", "New password"),
        A::ResetPasswordYes => (
            "Guardar y cerrar sus sesiones",
            "Set it and end their sessions",
        ),
        A::ResettingPassword => ("Guardando…", "Setting…"),
        A::ResetTwoFactor => (
            "Restablecer la verificación en dos pasos",
            "Reset two-factor authentication",
        ),
        A::ResetTwoFactorYes => ("Sí, restablecer", "Yes, reset"),
        A::ResettingTwoFactor => ("Restableciendo…", "Resetting…"),
        A::Close => ("Cerrar", "Close"),
        A::LastAdmin => (
            "Es la última cuenta de administración activa: no se le puede quitar el rol ni desactivar. Nombra antes a otra persona administradora.",
            "This is the last active admin: it can be neither demoted nor switched off. Make someone else an admin first.",
        ),
        A::MemberGone => (
            "Esta cuenta ya no existe.",
            "This account no longer exists.",
        ),
        A::ChangeFailed => (
            "No se pudo guardar el cambio.",
            "Could not save the change.",
        ),
        A::AuditIntro => (
            "Lo que ha hecho el equipo (inicios de sesión, cuentas, artículos, seguridad), lo más reciente primero. Las horas son las de este navegador.",
            "What the staff did (sign-ins, accounts, articles, security), newest first. Times are in this browser's time zone.",
        ),
        A::Action => ("Acción", "Action"),
        A::AllActions => ("Todas las acciones", "All actions"),
        A::Actor => ("Persona (parte del correo)", "Member (part of the e-mail)"),
        A::Since => ("Desde el día", "From"),
        A::Until => ("Hasta el día", "To"),
        A::ClearFilters => ("Quitar los filtros", "Clear filters"),
        A::AuditCaption => ("Acciones registradas", "Recorded actions"),
        A::When => ("Cuándo", "When"),
        A::Who => ("Quién", "Who"),
        A::Target => ("Sobre qué", "Target"),
        A::Detail => ("Detalle", "Detail"),
        A::Address => ("Dirección IP", "IP address"),
        A::UnknownActor => ("Cuenta desconocida", "Unknown account"),
        A::NoEntries => ("Ninguna acción coincide.", "No actions match."),
        A::AuditFailed => (
            "No se pudo cargar el registro de actividad.",
            "Could not load the audit log.",
        ),
        A::PeriodBackwards => (
            "El día «Hasta» es anterior al día «Desde».",
            "The “To” day is before the “From” day.",
        ),
        A::FamilyAuth => ("Acceso e inicio de sesión", "Sign-in and access"),
        A::FamilyUser => ("Cuentas del equipo", "Staff accounts"),
        A::FamilyToken => ("Tokens de API", "API tokens"),
        A::FamilyArticle => ("Artículos", "Articles"),
        A::FamilySecurity => ("Política de seguridad", "Security policy"),
        A::FamilyOther => ("Otra acción", "Other action"),
        A::SecurityIntro => (
            "Cómo inicia sesión el equipo en la consola.",
            "How the staff sign in to the console.",
        ),
        A::RequireTwoFactor => (
            "Exigir la verificación en dos pasos a todo el equipo",
            "Require two-factor authentication for every staff member",
        ),
        A::RequireExplain => (
            "Si se exige, quien aún no la tenga irá a configurarla al iniciar sesión y no podrá usar nada más de la consola hasta hacerlo; quien ya tenga una sesión abierta tendrá que configurarla en su próxima acción. Mientras se exija, nadie puede desactivar la suya.",
            "When it is required, members without it are sent to set it up when they sign in, and can use nothing else in the console until they do; members already signed in must set it up at their next action. While it is required, nobody can turn theirs off.",
        ),
        A::StateRequired => (
            "Exigida: todo el equipo debe usarla.",
            "Required: every staff member must use it.",
        ),
        A::StateNotRequired => (
            "No exigida: cada persona decide si la usa.",
            "Not required: each member decides whether to use it.",
        ),
        A::RequireIt => ("Exigirla a todo el equipo", "Require it of everyone"),
        A::StopRequiring => ("Dejar de exigirla", "Stop requiring it"),
        A::ConfirmRequire => (
            "¿Exigir la verificación en dos pasos a todo el equipo? Quien no la tenga (también tú, si no la tienes) tendrá que configurarla antes de seguir usando la consola.",
            "Require two-factor authentication of every staff member? Members without it (you too, if you have none) must set it up before they can go on using the console.",
        ),
        A::ConfirmRequireYes => ("Sí, exigirla", "Yes, require it"),
        A::SavingPolicy => ("Guardando…", "Saving…"),
        A::SavedRequired => (
            "Guardado: la verificación en dos pasos es obligatoria para todo el equipo.",
            "Saved: two-factor authentication is now required of every staff member.",
        ),
        A::SavedNotRequired => (
            "Guardado: la verificación en dos pasos ya no es obligatoria.",
            "Saved: two-factor authentication is no longer required.",
        ),
        A::PolicyFailed => (
            "No se pudo cargar la política de seguridad.",
            "Could not load the security policy.",
        ),
        A::PolicySaveFailed => (
            "No se pudo guardar la política de seguridad.",
            "Could not save the security policy.",
        ),
    }
}

fn pick(locale: Locale, es: String, en: String) -> String {
    match locale {
        Locale::Es => es,
        Locale::En => en,
    }
}

/// What the team screen says after a change to `email`'s account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MemberNotice {
    Added,
    /// The role's name, already in the UI language.
    RoleChanged(String),
    SwitchedOff,
    SwitchedOn,
    PasswordReset,
    TwoFactorReset,
}

/// "ana@example.com was switched off: their sessions have ended."
pub fn member_notice(locale: Locale, email: &str, notice: &MemberNotice) -> String {
    match notice {
        MemberNotice::Added => pick(
            locale,
            format!("Se añadió a {email}. Ya puede iniciar sesión con su contraseña."),
            format!("{email} was added and can sign in with their password."),
        ),
        MemberNotice::RoleChanged(role) => pick(
            locale,
            format!("{email} tiene ahora el rol {role}."),
            format!("{email} is now {role}."),
        ),
        MemberNotice::SwitchedOff => pick(
            locale,
            format!("Se desactivó la cuenta de {email}: sus sesiones han terminado."),
            format!("{email} was switched off: their sessions have ended."),
        ),
        MemberNotice::SwitchedOn => pick(
            locale,
            format!("Se reactivó la cuenta de {email}: ya puede iniciar sesión."),
            format!("{email} was switched on and can sign in again."),
        ),
        MemberNotice::PasswordReset => pick(
            locale,
            format!("Nueva contraseña para {email}: sus sesiones han terminado."),
            format!("{email} has a new password: their sessions have ended."),
        ),
        MemberNotice::TwoFactorReset => pick(
            locale,
            format!(
                "Se quitó la verificación en dos pasos de {email}: sus sesiones han terminado."
            ),
            format!("{email}'s two-factor authentication was reset: their sessions have ended."),
        ),
    }
}

/// The question before switching `email`'s account off.
pub fn confirm_switch_off(locale: Locale, email: &str) -> String {
    pick(
        locale,
        format!(
            "¿Desactivar la cuenta de {email}? Sus sesiones terminan en el acto y no podrá iniciar sesión hasta que la reactives."
        ),
        format!(
            "Switch off {email}? Their sessions end at once, and they cannot sign in until you switch the account on again."
        ),
    )
}

/// The question (and the form's explanation) before setting a new password for `email`.
pub fn confirm_reset_password(locale: Locale, email: &str) -> String {
    pick(
        locale,
        format!(
            "Una contraseña nueva para {email}. Al guardarla, sus sesiones terminan en el acto y la anterior deja de servir."
        ),
        format!(
            "A new password for {email}. Once it is set, their sessions end at once and the old one stops working."
        ),
    )
}

/// The question before resetting `email`'s second factor.
pub fn confirm_reset_two_factor(locale: Locale, email: &str) -> String {
    pick(
        locale,
        format!(
            "¿Quitar la verificación en dos pasos de {email} (por ejemplo, si perdió el teléfono)? Sus sesiones terminan en el acto; si tu organización la exige, la configurará de nuevo al iniciar sesión."
        ),
        format!(
            "Reset {email}'s two-factor authentication (say, after a lost phone)? Their sessions end at once; if your organisation requires it, they set it up again when they sign in."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_both_translations() {
        for text in AdminText::ALL {
            let (es, en) = pair(text);
            assert!(!es.trim().is_empty() && !en.trim().is_empty(), "{text:?}");
        }
        let unique: std::collections::HashSet<_> = AdminText::ALL.iter().collect();
        assert_eq!(unique.len(), AdminText::ALL.len());
    }

    #[test]
    fn sentences_name_the_member() {
        let email = "ana@example.com";
        for locale in Locale::ALL {
            assert!(confirm_switch_off(locale, email).contains(email));
            assert!(confirm_reset_password(locale, email).contains(email));
            assert!(confirm_reset_two_factor(locale, email).contains(email));
        }
        assert_eq!(
            member_notice(
                Locale::En,
                email,
                &MemberNotice::RoleChanged("Editor".into())
            ),
            "ana@example.com is now Editor."
        );
        assert!(confirm_switch_off(Locale::En, email).contains("sessions end at once"));
    }
}
