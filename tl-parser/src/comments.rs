//! What schemas say in comments: the `// LAYER N` marker and TDLib's doc annotations
//! (`//@description`, `//@param …`, `//@class X @description …`, `//-` continuations;
//! docs/tl.md §2).
//!
//! The grammar skips comments; these are read from the text between declarations instead, which
//! costs nothing for the many schemas without annotations.

use crate::model::Doc;

/// A `// LAYER N` line anywhere in `text`: the number and the byte offset of the comment.
pub(crate) fn find_layer(text: &str) -> Option<(u32, usize)> {
    let mut from = 0;
    while let Some(i) = text[from..].find("LAYER") {
        let at = from + i;
        from = at + "LAYER".len();
        let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
        // Only `//` and spaces before `LAYER` on its line, as Telethon's `^//\s*LAYER\s*(\d+)$`.
        let Some(before) = text[line_start..at].trim().strip_prefix("//") else {
            continue;
        };
        if !before.is_empty() {
            continue;
        }
        let line_end = text[from..].find('\n').map_or(text.len(), |n| from + n);
        let rest = text[from..line_end].trim();
        if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(n) = rest.parse() {
                return Some((n, line_start));
            }
        }
    }
    None
}

/// Doc annotations collected between two declarations.
#[derive(Default)]
pub(crate) struct GapDocs {
    /// The annotations for the declaration that follows.
    pub(crate) doc: Doc,
    /// `//@class X @description …` blocks: (type name, description).
    pub(crate) classes: Vec<(String, String)>,
}

/// Reads the TDLib annotations in the text between two declarations.
pub(crate) fn scan_gap(gap: &str) -> Option<GapDocs> {
    if !gap.contains("//@") {
        return None;
    }
    // Join `//-` continuation lines to the annotation line before them.
    let mut logical: Vec<String> = Vec::new();
    for line in gap.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("//@") {
            logical.push(format!("@{}", rest.trim_end()));
        } else if let Some(rest) = line.strip_prefix("//-") {
            if let Some(last) = logical.last_mut() {
                last.push(' ');
                last.push_str(rest.trim());
            }
        }
    }
    let mut out = GapDocs::default();
    for line in &logical {
        let annotations = split_annotations(line);
        let class = annotations
            .iter()
            .find(|(key, _)| *key == "class")
            .map(|(_, value)| value.to_string());
        if let Some(class) = class {
            let description = annotations
                .iter()
                .find(|(key, _)| *key == "description")
                .map_or(String::new(), |(_, value)| value.to_string());
            out.classes.push((class, description));
            continue;
        }
        for (key, value) in annotations {
            match key {
                "description" => out.doc.description = Some(value.to_owned()),
                // `@param_description` documents a parameter literally named `description`.
                "param_description" => {
                    out.doc
                        .params
                        .insert("description".to_owned(), value.to_owned());
                }
                _ => {
                    out.doc.params.insert(key.to_owned(), value.to_owned());
                }
            }
        }
    }
    Some(out)
}

/// `@description Text @code_info Info` → `[("description", "Text"), ("code_info", "Info")]`.
fn split_annotations(line: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    // Annotations are separated by ` @`; the line itself starts with `@`.
    for part in line.split(" @") {
        let part = part.strip_prefix('@').unwrap_or(part).trim();
        if part.is_empty() {
            continue;
        }
        let (key, value) = part.split_once(char::is_whitespace).unwrap_or((part, ""));
        out.push((key, value.trim()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layer_marker() {
        assert_eq!(find_layer("// LAYER 222\nfoo = Foo;"), Some((222, 0)));
        assert_eq!(find_layer("a = A;\n//LAYER 5 \n"), Some((5, 7)));
        assert_eq!(find_layer("// layer 23\n"), None);
        assert_eq!(find_layer("// the LAYER 5\n"), None);
        assert_eq!(find_layer("// LAYER five\n// LAYER 7"), Some((7, 14)));
    }

    #[test]
    fn annotations() {
        let docs = scan_gap(
            "\n//@class AuthState @description Current state\n\n//@description Says hi @who Who\n//-is greeted\n//@param_description The text\n",
        )
        .unwrap();
        assert_eq!(
            docs.classes,
            vec![("AuthState".to_owned(), "Current state".to_owned())]
        );
        assert_eq!(docs.doc.description.as_deref(), Some("Says hi"));
        assert_eq!(docs.doc.params["who"], "Who is greeted");
        assert_eq!(docs.doc.params["description"], "The text");
    }
}
