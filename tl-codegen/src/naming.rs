//! TL names → Rust identifiers, in one place.
//!
//! Namespaces become snake_case modules, constructors and types UpperCamelCase items, fields
//! snake_case, all through heck. Rust keywords are escaped as raw identifiers (`r#type`), except
//! the ones that cannot be raw (`self`, `crate`, `super`, `Self`, `_`), which get a trailing `_`.

use std::fmt::{self, Write as _};

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of every Rust edition up to 2024, strict and reserved, sorted for a binary search
/// (every name written is checked).
const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that `r#` cannot escape.
const NOT_RAW: &[&str] = &["self", "Self", "crate", "super", "_"];

/// The length of the longest word of [`KEYWORDS`] and [`NOT_RAW`]: a longer name (most are)
/// is none of them, without a lookup.
const LONGEST_KEYWORD: usize = 8;

fn is_keyword(name: &str) -> bool {
    name.len() <= LONGEST_KEYWORD && KEYWORDS.binary_search(&name).is_ok()
}

/// Whether `name` is written as it is by [`Ident`]: not empty, no leading digit, no keyword.
pub fn is_plain_ident(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && (name.len() > LONGEST_KEYWORD || !(NOT_RAW.contains(&name) || is_keyword(name)))
}

/// An already cased name written as a valid identifier, without allocating.
pub struct Ident<'a>(pub &'a str);

impl fmt::Display for Ident<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.0;
        if is_plain_ident(name) {
            f.write_str(name)
        } else if name.is_empty() {
            // `_` alone is not an identifier either.
            f.write_str("__")
        } else if name.starts_with(|c: char| c.is_ascii_digit()) {
            write!(f, "_{name}")
        } else if NOT_RAW.contains(&name) {
            write!(f, "{name}_")
        } else {
            // What is left of a name that is not plain: a keyword that can be raw.
            write!(f, "r#{name}")
        }
    }
}

/// Turns an already cased name into a valid identifier.
pub fn ident(name: &str) -> String {
    // Sized for the longest escape (`r#`), so that writing never reallocates.
    let mut ident = String::with_capacity(name.len() + 2);
    let _ = write!(ident, "{}", Ident(name));
    ident
}

/// Whether `segment` can be one segment of a plain Rust path: an ASCII identifier that is not a
/// keyword, a raw identifier, or one of `crate`, `self` and `super`.
pub fn is_path_segment(segment: &str) -> bool {
    if matches!(segment, "crate" | "self" | "super") {
        return true;
    }
    let (name, raw) = match segment.strip_prefix("r#") {
        Some(name) => (name, true),
        None => (segment, false),
    };
    let mut chars = name.chars();
    let is_identifier = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_";
    is_identifier
        && if raw {
            !NOT_RAW.contains(&name)
        } else {
            !is_keyword(name)
        }
}

/// `phone_code_hash` → `phone_code_hash`, `srp_B` → `srp_b` (`type` becomes `r#type` in
/// [`ident`]).
pub fn field_name(name: &str) -> String {
    // Most TL parameter names are already snake_case; heck would return them unchanged, slowly.
    if is_snake_case(name) {
        name.to_owned()
    } else {
        name.to_snake_case()
    }
}

/// Words of lowercase ASCII letters and digits joined by single underscores, which heck's
/// snake_case leaves as they are.
fn is_snake_case(name: &str) -> bool {
    name.split('_').all(|word| {
        !word.is_empty()
            && word
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    })
}

/// `auth` → `auth`, `tonNode` → `ton_node`.
pub fn module_name(namespace: &str) -> String {
    namespace.to_snake_case()
}

/// `inputPeerEmpty` → `InputPeerEmpty`, `p_q_inner_data` → `PQInnerData`.
pub fn type_name(name: &str) -> String {
    name.to_upper_camel_case()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_sorted() {
        assert!(KEYWORDS.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn no_keyword_is_longer_than_the_shortcut_allows() {
        let longest = KEYWORDS.iter().chain(NOT_RAW).map(|k| k.len()).max();
        assert_eq!(longest, Some(LONGEST_KEYWORD));
        assert!(!is_plain_ident("unsized") && !is_plain_ident("override"));
        assert!(is_plain_ident("overrides") && is_plain_ident("Type"));
    }

    #[test]
    fn keywords_are_escaped() {
        assert_eq!(ident("type"), "r#type");
        assert_eq!(ident("final"), "r#final");
        assert_eq!(ident("self"), "self_");
        assert_eq!(ident("Self"), "Self_");
        assert_eq!(ident("phone"), "phone");
        assert_eq!(ident("2fa"), "_2fa");
        assert_eq!(ident(""), "__");
    }

    #[test]
    fn path_segments() {
        for good in [
            "tlforge_runtime",
            "crate",
            "self",
            "super",
            "_x",
            "r#type",
            "A1",
        ] {
            assert!(is_path_segment(good), "{good}");
        }
        for bad in [
            "", "_", "type", "Self", "r#self", "1a", "a-b", "a<T>", "r#", "é",
        ] {
            assert!(!is_path_segment(bad), "{bad}");
        }
    }

    #[test]
    fn snake_case_shortcut_agrees_with_heck() {
        for name in [
            "phone_code_hash",
            "bit31",
            "2fa",
            "a_1",
            "srp_B",
            "_x",
            "x_",
            "a__b",
            "",
            "_",
            "ok",
            "hash2_x9",
            "camelCase",
            "é",
        ] {
            assert_eq!(field_name(name), name.to_snake_case(), "{name}");
        }
    }

    #[test]
    fn cases_follow_heck() {
        assert_eq!(type_name("p_q_inner_data"), "PQInnerData");
        assert_eq!(type_name("blockIdExt"), "BlockIdExt");
        assert_eq!(module_name("tonNode"), "ton_node");
        assert_eq!(field_name("srp_B"), "srp_b");
    }
}
