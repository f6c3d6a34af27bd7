//! TL (Type Language) schema parser: pest grammar → validated [`Schema`] model, constructor ids
//! (CRC32) and diagnostics with file, line and column.
//!
//! It reads the schemas people really have, unedited: Telegram's api.tl and mtproto.tl of any
//! layer, tdlib's schemas, TON's (multi-level namespaces, `(vector T)`, `mode:#` flags, builtin
//! lines such as `int ? = Int;` and `int128 4*[ int ] = Int128;`).
//!
//! ```
//! let source = tlforge_parser::SourceFile::new(
//!     "a.tl",
//!     "auth.cancelCode#1f040578 phone_number:string phone_code_hash:string = Bool;",
//! );
//! let parsed = tlforge_parser::parse_schema(&[source]).unwrap();
//! let def = &parsed.schema.definitions[0];
//! assert_eq!(def.id, 0x1f040578);
//! assert_eq!(tlforge_parser::telegram_id(def), 0x1f040578);
//! ```
//!
//! Errors come as a [`Report`] that renders with source snippets:
//!
//! ```
//! let source = tlforge_parser::SourceFile::new("a.tl", "user id:long photo:Photo = User;");
//! let report = tlforge_parser::parse_schema(&[source.clone()]).unwrap_err();
//! assert_eq!(report.to_string(), "a.tl:1:20: error: undefined type `Photo`");
//! assert!(report.render(&[source], false).contains("undefined type `Photo`"));
//! ```

mod comments;
mod diagnostic;
mod grammar;
mod id;
pub mod model;
mod parse;
mod print;
mod validate;

pub use diagnostic::{Diagnostic, DiagnosticKind, Report, Severity};
pub use id::{
    IdException, KNOWN_ID_EXCEPTIONS, canonical_id, canonical_id_text, explicit_id_reproduced,
    known_id_exception, telegram_id, telegram_id_bytes_kept,
};
pub use model::*;
pub use parse::{MAX_DECLARATION_BYTES, MAX_NESTING};
pub use validate::{closest_name, is_allowed_id_mismatch, unknown_definition_names};

use diagnostic::{LineIndex, sort_diagnostics};

/// At most this many diagnostics are reported; a 10 MB line of mistakes would otherwise give
/// millions of them.
pub const MAX_DIAGNOSTICS: usize = 100;

/// One schema file: its name (for diagnostics) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The name diagnostics show, usually the path.
    pub name: String,
    /// The file's contents.
    pub text: String,
}

impl SourceFile {
    /// A file from its name and text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile {
            name: name.into(),
            text: text.into(),
        }
    }

    /// A file from raw bytes; bytes that are not UTF-8 are an error naming the line and column
    /// of the first bad byte (the diagnostic's `location.file` is 0).
    pub fn from_bytes(name: impl Into<String>, bytes: &[u8]) -> Result<SourceFile, Report> {
        let name = name.into();
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(SourceFile::new(name, text)),
            Err(e) => {
                let at = e.valid_up_to();
                // The prefix is valid UTF-8, so line and column can be counted on it.
                let prefix = String::from_utf8_lossy(&bytes[..at]);
                let mut lines = LineIndex::new(&prefix);
                let bad_len = e.error_len().unwrap_or(bytes.len() - at);
                let location = lines.locate(
                    &prefix,
                    0,
                    Span {
                        start: at,
                        end: at + bad_len,
                    },
                );
                let byte = bytes.get(at).copied().unwrap_or(0);
                Err(Report {
                    diagnostics: vec![Diagnostic {
                        severity: Severity::Error,
                        message: format!(
                            "`{name}` is not valid UTF-8: byte {byte:#04x} at line {}, column {}",
                            location.line, location.column
                        ),
                        location,
                        file_name: name,
                        label: Some("not UTF-8".to_owned()),
                        help: Some("TL schemas are UTF-8 text; re-encode the file".to_owned()),
                        kind: None,
                    }],
                })
            }
        }
    }
}

/// A valid schema and the warnings found on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The validated schema.
    pub schema: Schema,
    /// Warnings (mismatched explicit ids, shared ids, …), sorted by file and position.
    pub warnings: Vec<Diagnostic>,
}

/// Parses and validates `sources` together (types may be declared in any of them).
///
/// Returns every problem found, sorted by file and position, when there is at least one error.
pub fn parse_schema(sources: &[SourceFile]) -> Result<Parsed, Report> {
    let mut diagnostics = Vec::new();
    let mut lines: Vec<LineIndex> = sources.iter().map(|s| LineIndex::new(&s.text)).collect();
    let mut schema = Schema {
        files: sources.iter().map(|s| s.name.clone()).collect(),
        ..Schema::default()
    };
    let mut extras = Vec::new();
    let mut layer_at: Option<Location> = None;
    for (i, (source, lines)) in sources.iter().zip(lines.iter_mut()).enumerate() {
        let out = parse::parse_file(i, &source.name, &source.text, lines, &mut diagnostics);
        schema.definitions.extend(out.definitions);
        extras.extend(out.extras);
        for (class, description) in out.classes {
            schema.type_docs.insert(class, description);
        }
        if let Some((layer, location)) = out.layer {
            match (schema.layer, layer_at) {
                (None, _) => {
                    schema.layer = Some(layer);
                    layer_at = Some(location);
                }
                (Some(first), Some(first_at)) if first != layer => {
                    let first_file = sources.get(first_at.file).map_or("", |s| s.name.as_str());
                    diagnostics.push(Diagnostic {
                        severity: Severity::Warning,
                        message: format!(
                            "layer marker says {layer}, but an earlier one says {first}; using {first}"
                        ),
                        location,
                        file_name: source.name.clone(),
                        label: Some("second layer marker".to_owned()),
                        help: Some(format!(
                            "the first is at {first_file}:{}:{}",
                            first_at.line, first_at.column
                        )),
                        kind: None,
                    });
                }
                _ => {}
            }
        }
    }
    // A file that failed to parse contributes no declarations; checking the others against the
    // incomplete set would only add noise.
    if !diagnostics.iter().any(|d| d.severity == Severity::Error) {
        validate::Validator {
            sources,
            lines: &mut lines,
            diagnostics: &mut diagnostics,
        }
        .validate(&schema.definitions, &extras);
    }
    drop_id_warnings_on_lines_with_errors(&mut diagnostics);
    sort_diagnostics(&mut diagnostics);
    cap(&mut diagnostics);
    let report = Report { diagnostics };
    if report.has_errors() {
        return Err(report);
    }
    Ok(Parsed {
        schema,
        warnings: report.diagnostics,
    })
}

/// An id-mismatch warning on a line that has an error is noise: the line's text is wrong, so
/// its CRC is too (a `strng` typo changes the id the rules compute).
fn drop_id_warnings_on_lines_with_errors(diagnostics: &mut Vec<Diagnostic>) {
    let error_lines: std::collections::HashSet<(usize, u32)> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.location.file, d.location.line))
        .collect();
    diagnostics.retain(|d| {
        !(matches!(d.kind, Some(DiagnosticKind::IdMismatch { .. }))
            && error_lines.contains(&(d.location.file, d.location.line)))
    });
}

/// Keeps the first [`MAX_DIAGNOSTICS`] and says how many more there were.
fn cap(diagnostics: &mut Vec<Diagnostic>) {
    if diagnostics.len() <= MAX_DIAGNOSTICS {
        return;
    }
    let dropped = diagnostics.split_off(MAX_DIAGNOSTICS);
    let severity = if dropped.iter().any(|d| d.severity == Severity::Error) {
        Severity::Error
    } else {
        Severity::Warning
    };
    if let Some(last) = dropped.last() {
        diagnostics.push(Diagnostic {
            severity,
            message: format!("{} more problems not shown", dropped.len()),
            location: last.location,
            file_name: last.file_name.clone(),
            label: Some("the last of them".to_owned()),
            help: None,
            kind: None,
        });
    }
}

impl Report {
    /// A report with these diagnostics, sorted by file and position.
    pub fn new(diagnostics: Vec<Diagnostic>) -> Report {
        let mut report = Report { diagnostics };
        report.sort();
        report
    }
}
