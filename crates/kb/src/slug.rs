//! URL slugs from titles and file names, shared by article slugs (import, editing) and the
//! heading anchors the Markdown renderer writes.

use crate::analysis;

/// Turns text into a URL slug: accents folded, lower-case ASCII letters and digits, single
/// hyphens between words, at most 120 characters (cut at a word boundary when possible).
/// `"Configuración de IVA"` → `"configuracion-de-iva"`. Scripts that do not fold to ASCII
/// (Cyrillic, CJK…) are dropped, so the result may be empty; callers pick a fallback then.
pub fn slugify(text: &str) -> String {
    const MAX_CHARS: usize = 120;
    let folded = analysis::fold(text);
    let mut slug = String::with_capacity(folded.len().min(MAX_CHARS + 1));
    let mut pending_hyphen = false;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c.to_ascii_lowercase());
            if slug.len() > MAX_CHARS {
                break;
            }
        } else {
            pending_hyphen = true;
        }
    }
    if slug.len() > MAX_CHARS {
        let cut = &slug[..MAX_CHARS];
        // Prefer ending at a word boundary, unless that drops most of the slug.
        let cut = match cut.rfind('-') {
            Some(hyphen) if hyphen >= MAX_CHARS / 2 => &cut[..hyphen],
            _ => cut,
        };
        slug = cut.trim_end_matches('-').to_owned();
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Configuración de IVA"), "configuracion-de-iva");
        assert_eq!(
            slugify("  ¿Cómo cambio mi contraseña?  "),
            "como-cambio-mi-contrasena"
        );
        assert_eq!(
            slugify("ACSD-54007: error _scope"),
            "acsd-54007-error-scope"
        );
        assert_eq!(slugify("Straße & Œuvre"), "strasse-oeuvre");
        assert_eq!(slugify("Привет"), "");
        assert_eq!(slugify("---"), "");
        let long = slugify(&"palabra ".repeat(40));
        assert!(long.len() <= 120, "{long}");
        assert!(long.ends_with("palabra"), "{long}");
        let one_word = slugify(&"x".repeat(300));
        assert_eq!(one_word.len(), 120);
    }
}
