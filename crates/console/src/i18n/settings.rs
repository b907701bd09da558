//! The strings of the admins' configuration pages, in Spanish and English: one [`pair`] for the
//! fixed ones (reached through `Text::Settings`), functions for those with numbers or names.

use ayuda_api::{Level, Status};

use super::locale::Locale;
use crate::api::settings::Position;
use crate::settings_hours::{HoursProblem, PeriodFault};
use crate::settings_page::SettingsPage;
use crate::settings_site::{MAX_LAUNCHER_CHARS, SiteProblem};

/// Declares [`SettingsText`], its `ALL` and [`pair`] from one list, so that a string cannot
/// lack a translation.
macro_rules! texts {
    ($($name:ident => ($es:expr, $en:expr $(,)?),)+) => {
        /// A string of the admins' configuration pages.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum SettingsText {
            $($name,)+
        }

        impl SettingsText {
            /// Every variant, for the test that checks each has two non-empty translations.
            pub const ALL: &'static [SettingsText] = &[$(SettingsText::$name,)+];
        }

        /// (Spanish, English).
        pub fn pair(text: SettingsText) -> (&'static str, &'static str) {
            match text {
                $(SettingsText::$name => ($es, $en),)+
            }
        }
    };
}

texts! {
    Settings => ("Configuración", "Settings"),
    SettingsPages => ("Páginas de la configuración", "Settings pages"),
    Sites => ("Sitios", "Sites"),
    HoursAndSla => ("Horario y SLA", "Business hours & SLA"),
    Routing => ("Reparto", "Routing"),
    Macros => ("Macros", "Macros"),
    TeamsAndAgents => ("Equipos y agentes", "Teams & agents"),
    Backups => ("Copias de seguridad", "Backups"),
    Save => ("Guardar", "Save"),
    Saving => ("Guardando…", "Saving…"),
    Cancel => ("Cancelar", "Cancel"),
    Close => ("Cerrar", "Close"),
    Edit => ("Editar", "Edit"),
    Delete => ("Eliminar", "Delete"),
    Deleting => ("Eliminando…", "Deleting…"),
    DeleteYes => ("Sí, eliminarla", "Yes, delete it"),
    Remove => ("Quitar", "Remove"),
    MoveUp => ("Subir", "Move up"),
    MoveDown => ("Bajar", "Move down"),
    Actions => ("Acciones", "Actions"),
    Name => ("Nombre", "Name"),
    Key => ("Clave", "Key"),
    Preview => ("Vista previa", "Preview"),
    Copied => ("Copiado.", "Copied."),
    CopyFailed => (
        "No se pudo copiar: selecciónalo y cópialo a mano.",
        "Could not copy: select it and copy it by hand.",
    ),
    Creating => ("Creando…", "Creating…"),
    KeyTaken => ("Esa clave ya existe.", "That key is already in use."),
    Gone => (
        "Ya no existe: recarga la página.",
        "It no longer exists: reload the page.",
    ),
    Site => ("Sitio", "Site"),
    NoSite => ("Ninguno", "None"),
    Level => ("Nivel", "Level"),
    NoLevel => ("Sin nivel", "No level"),
    Language => ("Idioma", "Language"),
    Category => ("Categoría", "Category"),
    AddTags => ("Añadir etiquetas", "Add tags"),
    SetLevel => ("Poner el nivel", "Set the level"),
    SetStatus => ("Poner el estado", "Set the status"),
    LeaveIt => ("Dejarlo como esté", "Leave it"),
    CommaHint => ("Separadas por comas.", "Separated by commas."),
    SitesIntro => (
        "Cada aplicación que incrusta el widget: de dónde puede llamarlo, su idioma y su aspecto.",
        "Each app that embeds the widget: where it may be called from, its language and its look.",
    ),
    NewSite => ("Nuevo sitio", "New site"),
    CreateSite => ("Crear el sitio", "Create the site"),
    CreateSiteFailed => ("No se pudo crear el sitio.", "Could not create the site."),
    SitesCaption => ("Sitios", "Sites"),
    SitesFailed => ("No se pudieron cargar los sitios.", "Could not load the sites."),
    NoSites => ("Aún no hay sitios.", "No sites yet."),
    KeyHint => (
        "Va en la etiqueta del script: minúsculas, cifras, - y _. No se puede cambiar.",
        "It goes in the script tag: lowercase letters, digits, - and _. It cannot change.",
    ),
    KeyRule => (
        "La clave debe tener de 1 a 64 minúsculas, cifras, - o _.",
        "The key must be 1 to 64 lowercase letters, digits, - or _.",
    ),
    NameHint => ("Vacío: la clave.", "Empty: the key."),
    NameRule => (
        "El nombre debe tener de 1 a 200 caracteres.",
        "The name must be 1 to 200 characters.",
    ),
    DefaultLanguage => ("Idioma por defecto", "Default language"),
    BrandColor => ("Color de marca", "Brand colour"),
    ColorHex => ("Color en hexadecimal", "Colour as hex"),
    Position => ("Esquina del botón", "Launcher corner"),
    AllowedOrigins => ("Orígenes permitidos", "Allowed origins"),
    OriginsHint => (
        "Uno por línea, como https://app.ejemplo.com. Un * vale por el puerto o el primer subdominio: http://localhost:*, https://*.ejemplo.com.",
        "One per line, like https://app.example.com. A * stands for the port or the first subdomain: http://localhost:*, https://*.example.com.",
    ),
    LauncherText => ("Texto del botón", "Launcher text"),
    LauncherTextHint => (
        "Opcional, hasta 40 caracteres, junto al icono.",
        "Optional, up to 40 characters, beside the icon.",
    ),
    LogoUrl => ("Dirección del logotipo", "Logo address"),
    LogoHint => (
        "Opcional: https://… o una ruta de este servidor (/…).",
        "Optional: https://… or a path on this server (/…).",
    ),
    LogoNotDrawn => (
        "La consola solo carga imágenes de su propio servidor: la vista previa muestra el sitio del logotipo, no el logotipo.",
        "The console loads images from its own server only: the preview shows the logo's place, not the logo.",
    ),
    SiteSaved => ("Sitio guardado.", "Site saved."),
    SaveSiteFailed => ("No se pudo guardar el sitio.", "Could not save the site."),
    Embed => ("Código para incrustar", "Embed code"),
    EmbedHint => (
        "Pégalo en cada página de la aplicación, antes de </body>.",
        "Paste it in every page of the app, before </body>.",
    ),
    CopySnippet => ("Copiar el código", "Copy the code"),
    SiteSecret => ("Secreto del sitio", "Site secret"),
    SecretHint => (
        "El servidor de tu aplicación firma con él user_hash (HMAC-SHA256 del id de usuario) al llamar a identify. Nunca lo pongas en el navegador.",
        "Your app's server signs user_hash with it (HMAC-SHA256 of the user id) when calling identify. Never put it in the browser.",
    ),
    ShowSecret => ("Mostrar el secreto", "Show the secret"),
    HideSecret => ("Ocultar el secreto", "Hide the secret"),
    CopySecret => ("Copiar el secreto", "Copy the secret"),
    RotateSecret => ("Cambiar el secreto", "Rotate the secret"),
    RotateQuestion => (
        "¿Cambiar el secreto? El actual deja de valer en el acto: hasta que tu servidor use el nuevo, identify fallará.",
        "Rotate the secret? The current one stops working at once: until your server uses the new one, identify fails.",
    ),
    RotateYes => ("Sí, cambiarlo", "Yes, rotate it"),
    Rotating => ("Cambiando…", "Rotating…"),
    SecretRotated => (
        "Secreto nuevo: cópialo ahora y ponlo en tu servidor. El anterior ya no vale.",
        "New secret: copy it now and put it on your server. The old one no longer works.",
    ),
    SecretFailed => ("No se pudo leer el secreto.", "Could not read the secret."),
    RotateFailed => ("No se pudo cambiar el secreto.", "Could not rotate the secret."),
    HoursIntro => (
        "Cuándo atiende el equipo, en qué plazos, y qué ofrece el formulario de contacto de cada sitio.",
        "When the team is at work, how fast it answers, and what each site's contact form offers.",
    ),
    SettingsFailed => ("No se pudo cargar la configuración.", "Could not load the settings."),
    BusinessHours => ("Horario de atención", "Business hours"),
    TimeZone => ("Zona horaria", "Time zone"),
    TimeZoneHint => (
        "Un nombre IANA, como Europe/Madrid.",
        "An IANA name, like Europe/Madrid.",
    ),
    PeriodsHint => (
        "Un día sin franjas está cerrado. 00:00 como final es medianoche; 00:00–00:00, todo el día.",
        "A day without periods is closed. 00:00 as an end is midnight; 00:00–00:00, all day.",
    ),
    Closed => ("Cerrado.", "Closed."),
    From => ("Desde", "From"),
    To => ("Hasta", "To"),
    AddPeriod => ("Añadir franja", "Add a period"),
    CopyMonday => ("Copiar el lunes de martes a viernes", "Copy Monday to Tuesday–Friday"),
    Holidays => ("Festivos", "Holidays"),
    NoHolidays => ("Sin festivos.", "No holidays."),
    NewHoliday => ("Fecha festiva", "Holiday date"),
    AddHoliday => ("Añadir festivo", "Add the holiday"),
    DateRule => ("Elige una fecha válida.", "Pick a valid date."),
    SlaTargets => ("Objetivos de SLA", "SLA targets"),
    SlaHint => (
        "En horario de atención: 45m, 1h 30m, 8h.",
        "In business time: 45m, 1h 30m, 8h.",
    ),
    SlaCaption => ("Plazos por nivel", "Targets per level"),
    FirstResponse => ("Primera respuesta", "First response"),
    Resolution => ("Resolución", "Resolution"),
    SlaPreview => ("Qué se promete", "What is promised"),
    UpdatingPreview => ("Actualizando…", "Updating…"),
    PreviewFailed => ("No se pudo calcular.", "Could not work it out."),
    PreviewNeedsValid => (
        "Corrige el formulario para ver los plazos.",
        "Fix the form to see the due times.",
    ),
    WidgetSays => ("El widget dice:", "The widget says:"),
    Categories => ("Categorías", "Categories"),
    CategoriesHint => (
        "Las que ofrece el formulario de contacto, en este orden. Clave: minúsculas, cifras, _ - . :",
        "What the contact form offers, in this order. Key: lowercase letters, digits, _ - . :",
    ),
    NoCategories => ("Sin categorías.", "No categories."),
    AddCategory => ("Añadir categoría", "Add a category"),
    NameEs => ("Nombre en español", "Name in Spanish"),
    NameEn => ("Nombre en inglés", "Name in English"),
    AutoReply => ("Respuesta automática", "Automatic first reply"),
    AutoReplyHint => (
        "Al abrirse una solicitud, sugiere artículos que respondan a su asunto.",
        "When a request is filed, suggest articles that answer its subject.",
    ),
    AutoReplyOn => ("Enviar la respuesta automática", "Send the automatic reply"),
    Confidence => ("Confianza mínima (%)", "Minimum confidence (%)"),
    ConfidenceHint => (
        "Parte de las palabras del asunto que el artículo debe contener.",
        "Share of the subject's words the article must match.",
    ),
    MaxArticles => ("Artículos como máximo", "At most this many articles"),
    SaveSettings => ("Guardar la configuración", "Save the settings"),
    SettingsSaved => ("Configuración guardada.", "Settings saved."),
    SaveSettingsFailed => ("No se pudo guardar la configuración.", "Could not save the settings."),
    RoutingIntro => (
        "Cada solicitud nueva pasa por las reglas en orden y se aplica solo la primera que cumple todas sus condiciones.",
        "Each new request goes through the rules in order, and only the first rule whose conditions all hold applies.",
    ),
    RoutingFailed => ("No se pudieron cargar las reglas.", "Could not load the rules."),
    RulesHint => (
        "Etiquetas y palabras clave: separadas por comas.",
        "Tags and keywords: separated by commas.",
    ),
    NoRules => (
        "Sin reglas: las solicitudes esperan en la cola común.",
        "No rules: requests wait in the shared queue.",
    ),
    WhenAll => ("Cuando se cumple todo esto", "When all of these hold"),
    Always => ("Siempre (sin condiciones).", "Always (no conditions)."),
    AddCondition => ("Añadir condición", "Add a condition"),
    ConditionKind => ("Condición", "Condition"),
    Compare => ("Comparación", "Comparison"),
    Exactly => ("Exactamente", "Exactly"),
    AtLeast => ("Como mínimo", "At least"),
    AttributeName => ("Atributo", "Attribute"),
    AttributeValue => ("Valor", "Value"),
    Then => ("Entonces", "Then"),
    AssignGroup => ("Asignar al equipo", "Assign to the team"),
    AssignAgent => ("Asignar a", "Assign to"),
    RoundRobin => ("Por turnos en el equipo", "Round-robin in the team"),
    KeepLevel => ("Mantener su nivel", "Keep its level"),
    AddRule => ("Añadir regla", "Add a rule"),
    RemoveRule => ("Quitar la regla", "Remove the rule"),
    SaveRules => ("Guardar las reglas", "Save the rules"),
    RulesSaved => ("Reglas guardadas.", "Rules saved."),
    SaveRulesFailed => ("No se pudieron guardar las reglas.", "Could not save the rules."),
    MatchedSample => ("Cumple la prueba", "Matched the sample"),
    TestRules => ("Probar con una solicitud de ejemplo", "Test on a sample ticket"),
    TestRulesHint => (
        "Usa las reglas tal como están aquí, aunque no estén guardadas.",
        "Uses the rules as they are here, saved or not.",
    ),
    Subject => ("Asunto", "Subject"),
    Message => ("Mensaje", "Message"),
    Attributes => ("Atributos del usuario", "User attributes"),
    AttributesHint => ("Uno por línea: clave=valor.", "One per line: key=value."),
    RunTest => ("Probar", "Test"),
    Testing => ("Probando…", "Testing…"),
    TestFailed => ("No se pudo probar.", "Could not test."),
    MacrosIntro => (
        "Respuestas preparadas que además cambian el estado, el nivel o las etiquetas de la solicitud.",
        "Canned replies that can also change the ticket's status, level or tags.",
    ),
    MacrosFailed => ("No se pudieron cargar las macros.", "Could not load the macros."),
    NoMacros => ("Aún no hay macros.", "No macros yet."),
    MacrosCaption => ("Macros", "Macros"),
    NewMacro => ("Nueva macro", "New macro"),
    EditMacro => ("Editar la macro", "Edit the macro"),
    Reply => ("Respuesta", "Reply"),
    Changes => ("Cambios", "Changes"),
    PlaceholdersHint => (
        "Se rellenan al aplicarla:",
        "Filled in when it is applied:",
    ),
    SampleHint => ("Con datos de ejemplo.", "With sample values."),
    SaveMacro => ("Guardar la macro", "Save the macro"),
    SaveMacroFailed => ("No se pudo guardar la macro.", "Could not save the macro."),
    DeleteMacroFailed => ("No se pudo eliminar la macro.", "Could not delete the macro."),
    MacroFiles => ("Archivos", "Files"),
    MacroFilesHint => (
        "Cada vez que se aplica, la respuesta lleva una copia. PNG, JPEG, WebP, PDF o texto; hasta 10 MB cada uno y 5 por macro.",
        "Each time it is applied, the reply carries a copy. PNG, JPEG, WebP, PDF or plain text; up to 10 MB each and 5 per macro.",
    ),
    NoMacroFiles => ("Sin archivos.", "No files."),
    AddMacroFiles => ("Añadir archivos", "Add files"),
    DropMacroFiles => ("o suéltalos aquí.", "or drop them here."),
    FilesNeedSaving => (
        "Guarda primero la macro; luego, con «Editar», añádele archivos.",
        "Save the macro first; then add files to it with “Edit”.",
    ),
    FilesNeedReply => (
        "Los archivos viajan con la respuesta: guarda la macro con una respuesta para añadirle archivos.",
        "Files travel with the reply: save the macro with a reply to add files to it.",
    ),
    MacroFilesFull => ("Ya lleva 5 archivos, el máximo.", "It already carries 5 files, the most it can."),
    FilesNeedReplyToSave => (
        "Una macro con archivos necesita una respuesta: quítale antes los archivos.",
        "A macro with files needs a reply: remove its files first.",
    ),
    MacroFilesTooMany => ("como mucho 5 archivos por macro.", "at most 5 files per macro."),
    UploadWaiting => ("En cola", "Waiting"),
    UploadUploading => ("Subiendo…", "Uploading…"),
    UploadAdded => ("Añadido", "Added"),
    UploadRefused => ("Rechazado", "Refused"),
    UploadsRunning => ("Subiendo archivos…", "Uploading files…"),
    UploadsDone => ("Subida terminada.", "Uploads finished."),
    UploadProgress => ("Progreso de la subida", "Upload progress"),
    RemoveMacroFile => (
        "¿Quitar este archivo de la macro? Las solicitudes conservan las copias que ya recibieron.",
        "Remove this file from the macro? Tickets keep the copies they were sent.",
    ),
    RemoveYes => ("Sí, quitarlo", "Yes, remove it"),
    Removing => ("Quitando…", "Removing…"),
    MacroFileRemoved => ("Archivo quitado.", "File removed."),
    RemoveMacroFileFailed => ("No se pudo quitar el archivo.", "Could not remove the file."),
    AgentsIntro => (
        "Los equipos salen de los grupos de cada agente; el reparto asigna por turnos a quien esté disponible y por debajo de su capacidad.",
        "Teams come from each agent's groups; routing assigns in turn to whoever is available and below their capacity.",
    ),
    AgentsFailed => ("No se pudieron cargar los agentes.", "Could not load the agents."),
    NoAgents => ("Aún no hay agentes.", "No agents yet."),
    Agents => ("Agentes", "Agents"),
    Teams => ("Equipos", "Teams"),
    Team => ("Equipo", "Team"),
    TeamsCaption => ("Equipos y quién está en ellos", "Teams and who is in them"),
    Members => ("Miembros", "Members"),
    NoTeams => (
        "Nadie está en un equipo: añade grupos a los agentes.",
        "Nobody is in a team: give the agents groups.",
    ),
    DisplayName => ("Nombre visible", "Display name"),
    Groups => ("Equipos (grupos)", "Teams (groups)"),
    GroupsHint => (
        "Separados por comas: minúsculas, cifras, _ - . :",
        "Separated by commas: lowercase letters, digits, _ - . :",
    ),
    Capacity => ("Capacidad", "Capacity"),
    CapacityHint => (
        "Solicitudes abiertas como máximo. Vacío: sin límite.",
        "Most open tickets at once. Empty: no limit.",
    ),
    Available => ("Disponible para recibir solicitudes", "Available for new tickets"),
    SaveAgentFailed => ("No se pudo guardar el agente.", "Could not save the agent."),
    BackupsIntro => (
        "Copias de la base de datos y los archivos del servidor. Descárgalas y guárdalas fuera de él.",
        "Copies of the server's database and files. Download them and keep them elsewhere.",
    ),
    BackupsFailed => ("No se pudieron cargar las copias.", "Could not load the backups."),
    NoBackups => ("Aún no hay copias.", "No backups yet."),
    BackupsCaption => ("Copias de seguridad", "Backups"),
    StartBackup => ("Hacer una copia", "Start a backup"),
    BackingUp => ("Haciendo la copia…", "Backing up…"),
    BackupFailed => ("No se pudo hacer la copia.", "Could not make the backup."),
    File => ("Archivo", "File"),
    Size => ("Tamaño", "Size"),
    Made => ("Hecha", "Made"),
}

fn pick(locale: Locale, es: String, en: String) -> String {
    match locale {
        Locale::Es => es,
        Locale::En => en,
    }
}

fn say(locale: Locale, text: SettingsText) -> &'static str {
    let (es, en) = pair(text);
    match locale {
        Locale::Es => es,
        Locale::En => en,
    }
}

/// The tab of a settings page.
pub fn page_name(page: SettingsPage) -> SettingsText {
    match page {
        SettingsPage::Sites => SettingsText::Sites,
        SettingsPage::Hours => SettingsText::HoursAndSla,
        SettingsPage::Routing => SettingsText::Routing,
        SettingsPage::Macros => SettingsText::Macros,
        SettingsPage::Agents => SettingsText::TeamsAndAgents,
        SettingsPage::Backups => SettingsText::Backups,
    }
}

/// "L1 · question".
pub fn level_name(locale: Locale, level: Level) -> String {
    let what = match (locale, level) {
        (Locale::Es, Level::L1) => "consulta",
        (Locale::Es, Level::L2) => "falla con alternativa",
        (Locale::Es, Level::L3) => "bloqueo",
        (Locale::En, Level::L1) => "question",
        (Locale::En, Level::L2) => "broken, with a workaround",
        (Locale::En, Level::L3) => "blocked",
    };
    format!("{} · {what}", level.as_str().to_uppercase())
}

/// A ticket status's name.
pub fn status_name(locale: Locale, status: Status) -> String {
    let (es, en) = match status {
        Status::New => ("Nueva", "New"),
        Status::Open => ("Abierta", "Open"),
        Status::Pending => ("Pendiente del usuario", "Pending (waiting on the user)"),
        Status::Solved => ("Resuelta", "Solved"),
        Status::Closed => ("Cerrada", "Closed"),
    };
    pick(locale, es.to_owned(), en.to_owned())
}

/// "Bottom right" / "Bottom left".
pub fn position_name(locale: Locale, position: Position) -> String {
    let (es, en) = match position {
        Position::Right => ("Abajo a la derecha", "Bottom right"),
        Position::Left => ("Abajo a la izquierda", "Bottom left"),
    };
    pick(locale, es.to_owned(), en.to_owned())
}

/// Monday = 0.
pub fn weekday_name(locale: Locale, day: usize) -> &'static str {
    const ES: [&str; 7] = [
        "Lunes",
        "Martes",
        "Miércoles",
        "Jueves",
        "Viernes",
        "Sábado",
        "Domingo",
    ];
    const EN: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let names = match locale {
        Locale::Es => ES,
        Locale::En => EN,
    };
    names.get(day).copied().unwrap_or("")
}

/// "Site “Demo” created." / "… saved."
pub fn site_saved(locale: Locale, name: &str, created: bool) -> String {
    match (locale, created) {
        (Locale::Es, true) => format!("Sitio «{name}» creado. Ahora completa su configuración."),
        (Locale::Es, false) => format!("Sitio «{name}» guardado."),
        (Locale::En, true) => format!("Site “{name}” created. Now finish setting it up."),
        (Locale::En, false) => format!("Site “{name}” saved."),
    }
}

pub fn edit_site_title(locale: Locale, name: &str) -> String {
    pick(locale, format!("Editar «{name}»"), format!("Edit “{name}”"))
}

pub fn site_problem(locale: Locale, problem: &SiteProblem) -> String {
    match problem {
        SiteProblem::Key => say(locale, SettingsText::KeyRule).to_owned(),
        SiteProblem::Name => say(locale, SettingsText::NameRule).to_owned(),
        SiteProblem::Origin(origin) => pick(
            locale,
            format!("«{origin}» no es un origen: escribe https://app.ejemplo.com."),
            format!("“{origin}” is not an origin: write https://app.example.com."),
        ),
        SiteProblem::Color => pick(
            locale,
            "El color debe ser #rrggbb, como #2563eb.".to_owned(),
            "The colour must be #rrggbb, like #2563eb.".to_owned(),
        ),
        SiteProblem::LauncherText => pick(
            locale,
            format!("Como mucho {MAX_LAUNCHER_CHARS} caracteres."),
            format!("At most {MAX_LAUNCHER_CHARS} characters."),
        ),
        SiteProblem::Logo => pick(
            locale,
            "El logotipo debe estar en https://… o en una ruta de este servidor (/…).".to_owned(),
            "The logo must be at https://… or a path on this server (/…).".to_owned(),
        ),
    }
}

pub fn hours_problem(locale: Locale, problem: &HoursProblem) -> String {
    let text = |es: &str, en: &str| pick(locale, es.to_owned(), en.to_owned());
    match problem {
        HoursProblem::TimeZone => text("Escribe una zona horaria.", "Enter a time zone."),
        HoursProblem::Period { day, fault, .. } => {
            let day = weekday_name(locale, *day);
            match fault {
                PeriodFault::NotATime => pick(
                    locale,
                    format!("{day}: escribe las dos horas de la franja."),
                    format!("{day}: enter both times of the period."),
                ),
                PeriodFault::Backwards => pick(
                    locale,
                    format!("{day}: la franja debe empezar antes de acabar."),
                    format!("{day}: the period must start before it ends."),
                ),
                PeriodFault::Overlaps => pick(
                    locale,
                    format!("{day}: la franja se solapa con otra."),
                    format!("{day}: the period overlaps another one."),
                ),
            }
        }
        HoursProblem::Target { resolution, level } => {
            let level = level_name(locale, Level::ALL.get(*level).copied().unwrap_or(Level::L1));
            let clock = if *resolution {
                say(locale, SettingsText::Resolution)
            } else {
                say(locale, SettingsText::FirstResponse)
            };
            pick(
                locale,
                format!("{clock}, {level}: escribe un plazo entre 1 minuto y un año, como 4h."),
                format!("{clock}, {level}: enter a target from 1 minute to one year, like 4h."),
            )
        }
        HoursProblem::CategoryKey(_) => text(
            "La clave debe tener de 1 a 64 minúsculas, cifras o _ - . :",
            "The key must be 1 to 64 lowercase letters, digits or _ - . :",
        ),
        HoursProblem::DuplicateCategory(_) => text(
            "Otra categoría ya tiene esa clave.",
            "Another category has that key.",
        ),
        HoursProblem::CategoryLabel(_) => text(
            "Pon al menos un nombre, de hasta 100 caracteres.",
            "Give it a name, up to 100 characters.",
        ),
        HoursProblem::Confidence => {
            text("Un porcentaje de 0 a 100.", "A percentage from 0 to 100.")
        }
        HoursProblem::MaxArticles => text("Un número de 0 a 10.", "A number from 0 to 10."),
    }
}

/// "A ticket filed now at level L1 would get a first reply by … and be solved by …".
pub fn sla_promise(
    locale: Locale,
    level: &str,
    first: Option<&str>,
    resolution: Option<&str>,
) -> String {
    let never = |es: &'static str, en: &'static str| pick(locale, es.to_owned(), en.to_owned());
    let first = first.map_or_else(|| never("sin plazo", "no due time"), str::to_owned);
    let resolution = resolution.map_or_else(|| never("sin plazo", "no due time"), str::to_owned);
    pick(
        locale,
        format!(
            "Una solicitud abierta ahora con nivel {level} tendría su primera respuesta antes de: {first}; y su resolución antes de: {resolution}."
        ),
        format!(
            "A ticket filed now at level {level} would get a first reply by: {first}; and be solved by: {resolution}."
        ),
    )
}

/// An opening period's group label.
pub fn period_label(locale: Locale, day: usize) -> String {
    let day = weekday_name(locale, day);
    pick(
        locale,
        format!("Franja del {}", day.to_lowercase()),
        format!("{day} period"),
    )
}

pub fn remove_period_label(locale: Locale, day: usize, from: &str, to: &str) -> String {
    let day = weekday_name(locale, day);
    pick(
        locale,
        format!("{from}–{to} del {}", day.to_lowercase()),
        format!("{from}–{to} on {day}"),
    )
}

pub fn remove_holiday_label(locale: Locale, date: &str) -> String {
    pick(
        locale,
        format!("el festivo {date}"),
        format!("the holiday {date}"),
    )
}

/// "First response for L1 · question".
pub fn target_label(locale: Locale, resolution: bool, level: Level) -> String {
    let clock = say(
        locale,
        if resolution {
            SettingsText::Resolution
        } else {
            SettingsText::FirstResponse
        },
    );
    let level = level_name(locale, level);
    pick(
        locale,
        format!("{clock} para {level}"),
        format!("{clock} for {level}"),
    )
}

/// A category's group label.
pub fn category_label(locale: Locale, key: &str) -> String {
    let key = key.trim();
    match (locale, key.is_empty()) {
        (Locale::Es, true) => "Categoría nueva".to_owned(),
        (Locale::En, true) => "New category".to_owned(),
        (Locale::Es, false) => format!("Categoría {key}"),
        (Locale::En, false) => format!("Category {key}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_both_translations() {
        for text in SettingsText::ALL {
            let (es, en) = pair(*text);
            assert!(!es.trim().is_empty() && !en.trim().is_empty(), "{text:?}");
        }
        for page in SettingsPage::ALL {
            assert!(SettingsText::ALL.contains(&page_name(page)));
        }
    }

    #[test]
    fn sentences_carry_their_values() {
        assert_eq!(level_name(Locale::En, Level::L3), "L3 · blocked");
        assert!(
            sla_promise(Locale::En, "L1", Some("Dec 7, 2026, 10:00"), None)
                .contains("first reply by: Dec 7, 2026, 10:00; and be solved by: no due time")
        );
        for day in 0..7 {
            assert!(!weekday_name(Locale::Es, day).is_empty());
        }
        assert_eq!(weekday_name(Locale::En, 7), "");
    }
}
