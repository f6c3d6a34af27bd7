//! TL names → Rust identifiers, in one place.
//!
//! Namespaces become snake_case modules, constructors and types UpperCamelCase items, fields
//! snake_case, all through heck. Rust keywords are escaped as raw identifiers (`r#type`), except
//! the ones that cannot be raw (`self`, `crate`, `super`, `Self`, `_`), which get a trailing `_`.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Keywords of every Rust edition up to 2024, strict and reserved.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that `r#` cannot escape.
const NOT_RAW: &[&str] = &["self", "Self", "crate", "super", "_"];

/// Turns an already cased name into a valid identifier.
pub fn ident(name: &str) -> Ident {
    let mut name = name.to_owned();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
        return Ident::new(&name, Span::call_site());
    }
    if KEYWORDS.contains(&name.as_str()) {
        return Ident::new_raw(&name, Span::call_site());
    }
    Ident::new(&name, Span::call_site())
}

/// `phone_code_hash` → `phone_code_hash`, `srp_B` → `srp_b`, `type` → `r#type`.
pub fn field_name(name: &str) -> String {
    name.to_snake_case()
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
    fn keywords_are_escaped() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("final").to_string(), "r#final");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("Self").to_string(), "Self_");
        assert_eq!(ident("phone").to_string(), "phone");
    }

    #[test]
    fn cases_follow_heck() {
        assert_eq!(type_name("p_q_inner_data"), "PQInnerData");
        assert_eq!(type_name("blockIdExt"), "BlockIdExt");
        assert_eq!(module_name("tonNode"), "ton_node");
        assert_eq!(field_name("srp_B"), "srp_b");
    }
}
