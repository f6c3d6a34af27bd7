//! Documentation text for generated items: from a metadata file (descriptions, parameters,
//! possible errors, bot usability) and from the schema's own annotations (TDLib's
//! `//@description`). The emitter decides where the text goes and adds links.

use tl_parser::{Category, Definition, Schema};

use crate::metadata::{ErrorDoc, Metadata};

/// The lines of `text` as `///` comments carry them: a lone `\r` also ends a line (a doc comment
/// must not contain one), and trailing spaces are dropped, so generated files have none.
pub fn doc_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .flat_map(|line| line.split('\r'))
        .map(|line| line.trim_end_matches(' '))
}

/// Makes plain text safe inside Markdown/rustdoc: brackets would become (broken) intra-doc
/// links, `<…>` HTML tags, `|` table cells, and bare URLs draw a rustdoc lint.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_inclusive(' ') {
        let trimmed = word.trim_end();
        if trimmed.starts_with("http://") || trimmed.starts_with("https://") {
            out.push('<');
            out.push_str(trimmed);
            out.push('>');
            out.push_str(&word[trimmed.len()..]);
            continue;
        }
        for c in word.chars() {
            match c {
                '[' | ']' | '|' | '*' | '_' | '`' | '\\' => {
                    out.push('\\');
                    out.push(c);
                }
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '\n' => out.push(' '),
                _ => out.push(c),
            }
        }
    }
    out
}

/// Where documentation text comes from, in order of precedence: metadata, then the schema.
pub struct Docs<'a> {
    pub schema: &'a Schema,
    pub metadata: Option<&'a Metadata>,
}

static NO_ERRORS: Vec<ErrorDoc> = Vec::new();

impl<'a> Docs<'a> {
    /// The description of a constructor or function.
    pub fn description(&self, def: &'a Definition) -> Option<&'a str> {
        let from_metadata = self.metadata.and_then(|m| match def.category {
            Category::Function => m
                .methods
                .get(&def.name.to_string())
                .and_then(|d| d.description.as_deref()),
            Category::Constructor => m
                .constructors
                .get(&def.name.to_string())
                .and_then(|d| d.description.as_deref()),
        });
        from_metadata.or(def.doc.description.as_deref())
    }

    /// The description of one parameter.
    pub fn param(&self, def: &'a Definition, param: &str) -> Option<&'a str> {
        // The name is only built when there is metadata to look it up in.
        let from_metadata = self.metadata.and_then(|m| match def.category {
            Category::Function => m
                .methods
                .get(&def.name.to_string())
                .and_then(|d| d.params.get(param)),
            Category::Constructor => m
                .constructors
                .get(&def.name.to_string())
                .and_then(|d| d.params.get(param)),
        });
        from_metadata
            .map(String::as_str)
            .or_else(|| def.doc.params.get(param).map(String::as_str))
    }

    /// The description of a boxed type.
    pub fn type_description(&self, tl_name: &str) -> Option<&'a str> {
        self.metadata
            .and_then(|m| m.types.get(tl_name))
            .and_then(|d| d.description.as_deref())
            .or_else(|| self.schema.type_docs.get(tl_name).map(String::as_str))
    }

    /// The errors a function may return (empty when unknown).
    pub fn errors(&self, def: &Definition) -> &'a [ErrorDoc] {
        match (def.category, self.metadata) {
            (Category::Function, Some(m)) => m
                .methods
                .get(&def.name.to_string())
                .map_or(&NO_ERRORS[..], |d| &d.errors[..]),
            _ => &NO_ERRORS,
        }
    }

    /// Whether bots may call a function; `None` when unknown.
    pub fn bots(&self, def: &Definition) -> Option<bool> {
        match (def.category, self.metadata) {
            (Category::Function, Some(m)) => m.methods.get(&def.name.to_string())?.bots,
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{doc_lines, escape_markdown};

    #[test]
    fn doc_lines_split_on_every_line_break() {
        let lines: Vec<&str> = doc_lines("a  \r\nb\rc\n\nd").collect();
        assert_eq!(lines, ["a", "b", "c", "", "d"]);
    }

    #[test]
    fn markdown_specials_are_escaped() {
        assert_eq!(
            escape_markdown("see [here] <b>|x|</b> https://t.me/a."),
            r"see \[here\] &lt;b&gt;\|x\|&lt;/b&gt; <https://t.me/a.>"
        );
    }
}
