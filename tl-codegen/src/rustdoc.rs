//! Documentation text for generated items: from a metadata file (descriptions, parameters,
//! possible errors, bot usability) and from the schema's own annotations (TDLib's
//! `//@description`). The emitter decides where the text goes and adds links.

use std::borrow::Cow;

use tlforge_parser::{Category, Definition, Schema};

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
        // A URL in parentheses, as TDLib's documentation writes some ("(https://…)"): an
        // autolink too (rustdoc refuses bare URLs), the closing parenthesis and what follows
        // it outside.
        let url = ["(http://", "(https://"]
            .iter()
            .filter_map(|start| trimmed.find(start))
            .min()
            .and_then(|open| {
                let close = trimmed.rfind(')').filter(|&close| close > open)?;
                let url = &trimmed[open + 1..close];
                (!url.contains(['(', ')', '<', '>'])).then_some((open + 1, close))
            });
        if let Some((start, end)) = url {
            escape_plain(&word[..start], &mut out);
            out.push('<');
            out.push_str(&word[start..end]);
            out.push('>');
            escape_plain(&word[end..], &mut out);
            continue;
        }
        escape_plain(word, &mut out);
    }
    out
}

/// Text with Markdown's special characters escaped, and line breaks as spaces.
fn escape_plain(text: &str, out: &mut String) {
    for c in text.chars() {
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

    /// The metadata's Markdown text of a description, with Telegram's links (`description_md`).
    pub fn description_md(&self, def: &Definition) -> Option<&'a str> {
        let m = self.metadata?;
        let name = def.name.to_string();
        match def.category {
            Category::Function => m.methods.get(&name)?.description_md.as_deref(),
            Category::Constructor => m.constructors.get(&name)?.description_md.as_deref(),
        }
    }

    /// The metadata's Markdown text of a parameter (`params_md`).
    pub fn param_md(&self, def: &Definition, param: &str) -> Option<&'a str> {
        let m = self.metadata?;
        let name = def.name.to_string();
        let texts = match def.category {
            Category::Function => &m.methods.get(&name)?.params_md,
            Category::Constructor => &m.constructors.get(&name)?.params_md,
        };
        texts.get(param).map(String::as_str)
    }

    /// The metadata's Markdown text of a boxed type's description.
    pub fn type_description_md(&self, tl_name: &str) -> Option<&'a str> {
        self.metadata?.types.get(tl_name)?.description_md.as_deref()
    }

    /// [`Self::description`] as Markdown: [`Self::description_md`] where there is one, else
    /// the plain text escaped.
    pub fn description_markdown(&self, def: &'a Definition) -> Option<Cow<'a, str>> {
        markdown_or_escaped(self.description_md(def), self.description(def))
    }

    /// [`Self::param`] as Markdown ([`Self::param_md`]), else escaped.
    pub fn param_markdown(&self, def: &'a Definition, param: &str) -> Option<Cow<'a, str>> {
        markdown_or_escaped(self.param_md(def, param), self.param(def, param))
    }

    /// [`Self::type_description`] as Markdown, else escaped.
    pub fn type_description_markdown(&self, tl_name: &str) -> Option<Cow<'a, str>> {
        markdown_or_escaped(
            self.type_description_md(tl_name),
            self.type_description(tl_name),
        )
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

fn markdown_or_escaped<'a>(
    markdown: Option<&'a str>,
    plain: Option<&'a str>,
) -> Option<Cow<'a, str>> {
    match markdown {
        Some(markdown) => Some(Cow::Borrowed(markdown)),
        None => plain.map(|plain| Cow::Owned(escape_markdown(plain))),
    }
}

/// A page of Telegram's API reference that a link of the documentation points to:
/// `https://core.telegram.org/method/auth.sendCode` is `Reference::Method("auth.sendCode")`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference<'t> {
    Method(&'t str),
    Constructor(&'t str),
    Type(&'t str),
}

/// Where Telegram's API reference lives; the links of the documentation texts point into it.
pub const TELEGRAM_REFERENCE: &str = "https://core.telegram.org";

impl<'t> Reference<'t> {
    /// The reference page a URL names, if it is one (no anchor, no query: those stay links to
    /// the place in the page).
    pub fn of_url(url: &'t str) -> Option<Reference<'t>> {
        let path = url.strip_prefix(TELEGRAM_REFERENCE)?.strip_prefix('/')?;
        let (kind, name) = path.split_once('/')?;
        if name.is_empty() || name.contains(['#', '?', '/']) {
            return None;
        }
        match kind {
            "method" => Some(Reference::Method(name)),
            "constructor" => Some(Reference::Constructor(name)),
            "type" => Some(Reference::Type(name)),
            _ => None,
        }
    }
}

/// `markdown` with the target of every inline link (`[text](target)`) replaced by what
/// `rewrite` returns for it (`None`: kept). The texts of the documentation JSON have inline
/// links and autolinks only; a `](` after a backslash is escaped text, not a link.
pub fn rewrite_links(markdown: &str, mut rewrite: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(at) = rest.find("](") {
        let escaped = rest[..at].ends_with('\\');
        out.push_str(&rest[..at + 2]);
        rest = &rest[at + 2..];
        if escaped {
            continue;
        }
        // The destination ends at the `)` that balances its parentheses.
        let mut depth = 0usize;
        let end = rest.char_indices().find_map(|(i, c)| match c {
            '(' => {
                depth += 1;
                None
            }
            ')' if depth == 0 => Some(i),
            ')' => {
                depth -= 1;
                None
            }
            _ => None,
        });
        let Some(end) = end else { break };
        let target = &rest[..end];
        match rewrite(target) {
            Some(new) => out.push_str(&new),
            None => out.push_str(target),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::{Reference, doc_lines, escape_markdown, rewrite_links};

    #[test]
    fn references_name_telegram_pages_without_anchors() {
        assert_eq!(
            Reference::of_url("https://core.telegram.org/method/auth.sendCode"),
            Some(Reference::Method("auth.sendCode"))
        );
        assert_eq!(
            Reference::of_url("https://core.telegram.org/constructor/user"),
            Some(Reference::Constructor("user"))
        );
        assert_eq!(
            Reference::of_url("https://core.telegram.org/type/User"),
            Some(Reference::Type("User"))
        );
        for other in [
            "https://core.telegram.org/api/files",
            "https://core.telegram.org/constructor/user#flags",
            "https://core.telegram.org/method/",
            "https://example.org/method/auth.sendCode",
        ] {
            assert_eq!(Reference::of_url(other), None, "{other}");
        }
    }

    #[test]
    fn link_targets_are_rewritten_and_escaped_brackets_are_not_links() {
        // Real texts of schema/telegram-docs.json (auth.cancelCode, messages.sendMessage).
        let text = "Phone code hash from [auth.sendCode](https://core.telegram.org/method/auth.sendCode), \\[x\\](y) and [a (b)](https://en.wikipedia.org/wiki/A_(b)) <https://core.telegram.org/api/files>";
        let out = rewrite_links(text, |url| Reference::of_url(url).map(|r| format!("{r:?}")));
        assert_eq!(
            out,
            "Phone code hash from [auth.sendCode](Method(\"auth.sendCode\")), \\[x\\](y) and [a (b)](https://en.wikipedia.org/wiki/A_(b)) <https://core.telegram.org/api/files>"
        );
        assert_eq!(rewrite_links("no links", |_| None), "no links");
        assert_eq!(
            rewrite_links("[x](unclosed", |_| Some("y".into())),
            "[x](unclosed"
        );
    }

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
    /// TDLib's documentation puts some URLs in parentheses (td_api.tl's
    /// `firebaseDeviceVerificationParametersPlayIntegrity`): rustdoc refuses them bare.
    #[test]
    fn a_url_in_parentheses_is_an_autolink() {
        assert_eq!(
            escape_markdown("the verification (https://developer.android.com/a_b) for_x"),
            r"the verification (<https://developer.android.com/a_b>) for\_x"
        );
        assert_eq!(escape_markdown("(https://t.me/x),"), "(<https://t.me/x>),");
        assert_eq!(escape_markdown("f(x) (not a url)"), r"f(x) (not a url)");
    }
}
