//! The documentation of generated items: each item's, field's and enum's rustdoc from the
//! schema's comments or the metadata (descriptions, the TL line, links rewritten to intra-doc
//! links where the target is generated and visible, the reference page), and the numbered doc
//! markers that let items be formatted without their doc text ([`expand_doc_markers`]).

use proc_macro2::TokenStream;
use quote::quote;
use tlforge_parser::{Category, Definition, ParameterKind};

use super::errors::FunctionErrors;
use super::{Emitter, ReferenceKind, is_in_module, params_on_flag};
use crate::naming;
use crate::rust_model::{ANY_OBJECT, Field, FieldKind, ItemPath, RustType};
use crate::rustdoc::{Reference, doc_lines, escape_markdown, rewrite_links};
use crate::split;

impl Emitter<'_, '_> {
    /// The doc comment `text` on an item, field or variant: [`doc_attributes`], or, in the
    /// jobs of [`render`], one attribute holding a numbered marker for [`expand_doc_markers`].
    /// Docs never change prettyplease's layout (each `///` line ends in a hard break), so the
    /// writer is handed the marker and the text is written in its place afterwards: the doc
    /// text is not escaped char by char into a literal, parsed and unescaped twice by syn,
    /// laid out by prettyplease, nor one attribute's tokens per line.
    pub(super) fn doc(&self, text: &str) -> TokenStream {
        let Some(blocks) = &self.doc_blocks else {
            return doc_attributes(text);
        };
        if doc_lines(text).next().is_none() {
            return TokenStream::new();
        }
        let mut blocks = blocks.borrow_mut();
        let marker = format!("{DOC_MARKER}{}", blocks.len());
        blocks.push(text.to_owned());
        quote!(#[doc = #marker])
    }

    /// Writes Markdown naming a type, linked to its item where there is one.
    pub(super) fn type_link(&self, out: &mut String, from: &[String], ty: &RustType) {
        match ty {
            // In the same module the name alone resolves (an explicit target is "redundant").
            RustType::Enum(path) | RustType::Bare(path) if is_in_module(path, from) => {
                out.push_str(&format!("[`{}`]", path.name));
            }
            RustType::Enum(path) | RustType::Bare(path) => {
                out.push_str(&doc_link(&path.name, from, path));
            }
            RustType::Vector { item, .. } => {
                out.push_str("a vector of ");
                self.type_link(out, from, item);
            }
            RustType::Generic(name) => out.push_str(&format!("`{name}`, any function call")),
            RustType::Object => out.push_str("[`Object`](__rt::Object)"),
            RustType::Primitive(p) => out.push_str(&format!("`{}`", p.rust_type())),
            RustType::True => out.push_str("`bool`"),
        }
    }

    pub(super) fn field_doc(&self, def: &Definition, field: &Field, module: &[String]) -> String {
        let param = &def.params[field.param];
        let mut paragraphs: Vec<String> = self
            .docs
            .param_markdown(def, &param.name)
            .map(|text| self.doc_markdown(&text, module))
            .into_iter()
            .collect();
        if let ParameterKind::Value { ty, flag } = &param.kind {
            let mut line = match flag {
                Some(flag) => format!("TL: `{}:{}.{}?{}`", param.name, flag.field, flag.bit, ty),
                None => format!("TL: `{}:{}`", param.name, ty),
            };
            if let FieldKind::Plain(ty) | FieldKind::Optional(ty) = &field.kind {
                line.push_str(" (");
                self.type_link(&mut line, module, ty);
                line.push(')');
            }
            paragraphs.push(line);
        }
        if let FieldKind::Group { .. } = &field.kind {
            let shared: Vec<String> = params_on_flag(def, field.flag)
                .map(|p| format!("`{}`", p.name))
                .collect();
            paragraphs.push(format!(
                "Present iff the shared flag bit is set ({}).",
                shared.join(", ")
            ));
        }
        paragraphs.join("\n\n")
    }

    /// A documentation text as rustdoc Markdown, written in the module `module`: a link to the
    /// reference page of an item this schema generates becomes an intra-doc link to the item,
    /// when the item being written can see it (in a split schema: its own part or one it
    /// depends on); every other link stays as it is.
    pub(super) fn doc_markdown(&self, text: &str, module: &[String]) -> String {
        rewrite_links(text, |url| {
            let (kind, name) = match Reference::of_url(url)? {
                Reference::Method(name) => (ReferenceKind::Method, name),
                Reference::Constructor(name) => (ReferenceKind::Constructor, name),
                Reference::Type(name) => (ReferenceKind::Type, name),
            };
            let &(node, path) = self.references.get(&(kind, name.to_owned()))?;
            if let Some(partition) = self.partition {
                let (from, to) = (partition.part(self.current.get()), partition.part(node));
                if from != to && !split::dependencies(from).any(|d| d == to) {
                    return None;
                }
            }
            let target = path_text(module, path);
            // rustdoc cannot link through a raw identifier (see `doc_link`).
            (!target.contains("r#")).then_some(target)
        })
    }

    /// The closing line of an item's rustdoc: its page in the schema's reference.
    pub(super) fn reference_line(&self, kind: &str, tl_name: &str) -> String {
        match self.reference_url {
            Some(url) => format!("\n\nReference page: <{url}/{kind}/{tl_name}>"),
            None => String::new(),
        }
    }

    pub(super) fn item_doc(
        &self,
        def: &Definition,
        module: &[String],
        error_enum: Option<&FunctionErrors>,
    ) -> String {
        let mut text = String::new();
        if let Some(description) = self.docs.description_markdown(def) {
            text.push_str(&self.doc_markdown(&description, module));
            text.push_str("\n\n");
        }
        if def.category == Category::Function {
            match self.rust.rust_type(def, &def.result) {
                Ok(RustType::Generic(name)) => text.push_str(&format!(
                    "Returns what the inner query returns (`{name}::Return`).\n\n"
                )),
                Ok(result) => {
                    text.push_str("Returns ");
                    self.type_link(&mut text, module, &result);
                    text.push_str(".\n\n");
                }
                Err(_) => {}
            }
            let errors = self.docs.errors(def);
            if let (false, Some(enum_)) = (errors.is_empty(), error_enum) {
                // The function's error enum documents each error (codes, description) as a
                // variant: linked, not inlined, so that the struct's page shows its fields
                // before dozens of table rows.
                text.push_str(&format!(
                    "# Possible errors\n\nThe documentation lists {}: the variants of \
                     [`{}`], each with its codes and description. An error answer converts \
                     into it (its `RemoteCall::Error`).",
                    match errors.len() {
                        1 => "1 error".to_owned(),
                        n => format!("{n} errors"),
                    },
                    enum_.name
                ));
                let uncatalogued: Vec<String> = errors
                    .iter()
                    .filter(|e| self.catalogue.is_none_or(|c| c.lookup(&e.kind).is_none()))
                    .map(|e| format!("`{}` ({})", e.kind, e.code))
                    .collect();
                if !uncatalogued.is_empty() {
                    text.push_str(&format!(
                        " Not in the error catalogue, so without a variant (they arrive as \
                         `Other`): {}.",
                        uncatalogued.join(", ")
                    ));
                }
                text.push_str("\n\n");
            } else if !errors.is_empty() {
                text.push_str(
                    "# Possible errors\n\n| Code | Type | Description |\n|---|---|---|\n",
                );
                for error in errors {
                    let description = error.description.as_deref().map(escape_markdown);
                    text.push_str(&format!(
                        "| {} | `{}` | {} |\n",
                        error.code,
                        error.kind,
                        description.unwrap_or_default()
                    ));
                }
                text.push('\n');
            }
            match (error_enum, &self.catalogue) {
                // Said with the list of errors above.
                (Some(_), _) if !errors.is_empty() => {}
                (Some(errors), _) => text.push_str(&format!(
                    "An error answer converts into [`{}`] (its `RemoteCall::Error`).\n\n",
                    errors.name
                )),
                (None, Some(_)) => text.push_str(&format!(
                    "It documents no errors: an error answer converts into \
                     [`errors::Error`]({}) (its `RemoteCall::Error`).\n\n",
                    self.catalogue_error_link(module)
                )),
                (None, None) => {}
            }
            text.push_str(match self.docs.bots(def) {
                Some(true) => {
                    "Bots can use this method: yes (it implements \
                     [`BotCallable`](__rt::BotCallable)).\n\n"
                }
                Some(false) => {
                    "Bots can use this method: no (it does not implement \
                     [`BotCallable`](__rt::BotCallable)).\n\n"
                }
                // Said only where there is documentation to say it.
                None if self.docs.metadata.is_some() => {
                    "Bots can use this method: not documented (it does not implement \
                     [`BotCallable`](__rt::BotCallable)).\n\n"
                }
                None => "",
            });
        }
        let what = match def.category {
            Category::Constructor => "Constructor",
            Category::Function => "Function",
        };
        text.push_str(&format!(
            "{what} `{}` (id `{:#010x}`):\n\n```text\n{};\n```",
            def.name, def.id, def.text
        ));
        let kind = match def.category {
            Category::Constructor => "constructor",
            Category::Function => "method",
        };
        text.push_str(&self.reference_line(kind, &def.name.to_string()));
        text
    }

    pub(super) fn enum_doc(&self, tl_name: &str, module: &[String], ctors: &[usize]) -> String {
        let mut text = String::new();
        if let Some(description) = self.docs.type_description_markdown(tl_name) {
            text.push_str(&self.doc_markdown(&description, module));
            text.push_str("\n\n");
        }
        if self.rust.is_any_type(tl_name) {
            let (what, line) = if tl_name == ANY_OBJECT {
                ("constructor", "object ? = Object;")
            } else {
                ("function", "function ? = Function;")
            };
            text.push_str(&format!(
                "Any {what} of the schema (`{line}`): one variant per {what} ({} in all), \
                 written and read with its id.",
                ctors.len()
            ));
            return text;
        }
        let links: Vec<String> = ctors
            .iter()
            .map(|&i| {
                let path = &self.rust.paths[&i];
                doc_link(&self.rust.def(i).name.to_string(), module, path)
            })
            .collect();
        text.push_str(&format!(
            "Boxed type `{tl_name}`; its constructors: {}.",
            links.join(", ")
        ));
        text.push_str(&self.reference_line("type", tl_name));
        text
    }
}

/// Starts a doc marker: a doc comment's text, `\u{1}` and the number of its block. Written doc
/// lines never start so: [`doc_attributes`] starts each with a space, or writes it empty.
pub(super) const DOC_MARKER: &str = "\u{1}";

/// `text` (written items, some of whose doc comments are [`DOC_MARKER`]s) with each marker
/// replaced by the doc comment of its block in `blocks`, as writing [`doc_attributes`]`(block)`
/// would have: formatted, the `///` lines prettyplease prints, at the marker's indentation;
/// unformatted, the attributes [`write_unformatted`] writes, with proc-macro2's escapes.
pub fn expand_doc_markers(text: &str, blocks: &[String], formatted: bool, out: &mut String) {
    let marker = if formatted {
        format!("///{DOC_MARKER}")
    } else {
        format!("#[doc = {}", proc_macro2::Literal::string(DOC_MARKER))
            .trim_end_matches('"')
            .to_owned()
    };
    let mut rest = text;
    while let Some(at) = rest.find(&marker) {
        let line_start = if formatted {
            rest[..at].rfind('\n').map_or(0, |k| k + 1)
        } else {
            at
        };
        let indent = &rest[line_start..at];
        out.push_str(&rest[..line_start]);
        let after = &rest[at + marker.len()..];
        let digits = after
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(after.len());
        let block = after[..digits]
            .parse::<usize>()
            .ok()
            .and_then(|k| blocks.get(k))
            .expect("a doc marker numbers a block of its job");
        // What ends the marker: its line; unformatted, also the literal's closing quote and
        // the attribute's bracket, as `write_unformatted` writes them.
        let end = if formatted { "" } else { "\" ]" };
        let after = after[digits..]
            .strip_prefix(end)
            .unwrap_or(&after[digits..]);
        for line in doc_lines(block) {
            if formatted {
                out.push_str(indent);
                out.push_str("///");
                if !line.is_empty() {
                    out.push(' ');
                    out.push_str(line);
                }
            } else {
                out.push_str("#[doc = \"");
                if !line.is_empty() {
                    out.push(' ');
                    escape_like_proc_macro2(line, out);
                }
                out.push_str("\" ]");
            }
            out.push('\n');
        }
        rest = after.strip_prefix('\n').unwrap_or(after);
    }
    out.push_str(rest);
}

/// `text` escaped as proc-macro2's `Literal::string` escapes it (`char::escape_debug`, except
/// `'` kept and NUL as `\0`, or `\x00` before an octal digit), without its per-character
/// iterator for the printable ASCII that docs are made of.
pub(super) fn escape_like_proc_macro2(text: &str, out: &mut String) {
    for (at, c) in text.char_indices() {
        match c {
            ' '..='~' if c != '"' && c != '\\' => out.push(c),
            '\'' => out.push(c),
            '\0' if text[at + 1..].starts_with(|next| ('0'..='7').contains(&next)) => {
                out.push_str("\\x00")
            }
            '\0' => out.push_str("\\0"),
            _ => out.extend(c.escape_debug()),
        }
    }
}

/// `#[doc = "…"]` attributes, one per line of `text` (prettyplease prints them as `///`).
/// Items use [`Emitter::doc`], which may write a marker instead.
pub(super) fn doc_attributes(text: &str) -> TokenStream {
    let mut out = TokenStream::new();
    for line in doc_lines(text) {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        out.extend(quote!(#[doc = #line]));
    }
    out
}

/// The rustdoc of a generated `new`.
pub(super) fn constructor_doc(required: usize, optional: &[String], json: bool) -> String {
    let mut doc = match (required, json) {
        (0, _) => "Creates the value; it has no required field.".to_owned(),
        (_, false) => {
            "Creates the value from its required fields (those behind no flag), in schema order."
                .to_owned()
        }
        (_, true) => {
            "Creates the value from its required fields (those not documented nullable), in \
             schema order."
                .to_owned()
        }
    };
    if !optional.is_empty() {
        doc.push_str(&format!(
            "\n\nThe optional fields start unset (`None`, `false`); set them by assignment: {}.",
            optional.join(", ")
        ));
    }
    doc
}

/// Markdown naming `text` in code, linked to `target` (as written in the module `from`) where
/// rustdoc can resolve the link: its intra-doc links cannot go through a raw identifier
/// (TON's module `r#pub`), so such a target gets no link.
pub(super) fn doc_link(text: &str, from: &[String], target: &ItemPath) -> String {
    let path = path_text(from, target);
    if path.contains("r#") {
        format!("`{text}`")
    } else {
        format!("[`{text}`]({path})")
    }
}

/// The path of `target` as written in the module `from`, as text (for intra-doc links).
pub(super) fn path_text(from: &[String], target: &ItemPath) -> String {
    let mut text = "super::".repeat(from.len());
    text.push_str(&naming::ident(target.root.module()));
    for module in &target.modules {
        text.push_str("::");
        text.push_str(&naming::ident(module));
    }
    text.push_str("::");
    text.push_str(&naming::ident(&target.name));
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::{ident, write_unformatted};
    use proc_macro2::Literal;

    /// Doc texts with what escaping treats specially: quotes, backslashes, NUL before an
    /// octal digit or not, controls, combining marks (escaped alone), non-printing and
    /// wide characters.
    const AWKWARD_DOCS: &[&str] = &[
        "plain text, with 'quotes' and \"double quotes\"",
        "a \\ backslash, a tab\there, a bell \u{7} and a DEL \u{7f}",
        "NUL\0, NUL before digits \u{0}7 and \u{0}8, \0",
        "\u{301} a combining mark alone, e\u{301} after a letter",
        "zero width \u{200b}, BOM \u{feff}, line separator \u{2028}, emoji 🦀, 漢字",
        "\u{1} a marker's own character inside a doc",
        "",
    ];

    #[test]
    fn doc_escapes_match_proc_macro2() {
        let mut texts: Vec<String> = AWKWARD_DOCS.iter().map(|s| s.to_string()).collect();
        texts.extend(
            (0..0x3100u32)
                .filter_map(char::from_u32)
                .map(|c| format!("{c}0{c}")),
        );
        for text in texts {
            let mut ours = String::new();
            escape_like_proc_macro2(&text, &mut ours);
            let theirs = Literal::string(&text).to_string();
            assert_eq!(format!("\"{ours}\""), theirs, "{text:?}");
        }
    }

    /// Two structs, docs on each and on a field, in a module: with `doc` writing each block.
    fn documented(doc: &mut dyn FnMut(&str) -> TokenStream) -> TokenStream {
        let mut items = TokenStream::new();
        for (k, text) in AWKWARD_DOCS.iter().enumerate() {
            let name = ident(&format!("Item{k}"));
            let item_doc = doc(&format!("{text}\n\nSecond paragraph\r\nand a last line   "));
            let field_doc = doc(text);
            items.extend(quote! {
                #item_doc
                #[derive(Debug)]
                pub struct #name {
                    #field_doc
                    pub field: ::core::option::Option<u8>,
                }
            });
        }
        items
    }

    #[test]
    fn doc_markers_expand_to_what_the_attributes_give() {
        let mut blocks = Vec::new();
        let marked = documented(&mut |text| {
            if doc_lines(text).next().is_none() {
                return TokenStream::new();
            }
            let marker = format!("{DOC_MARKER}{}", blocks.len());
            blocks.push(text.to_owned());
            quote!(#[doc = #marker])
        });
        let plain = documented(&mut doc_attributes);

        let mut expected = String::new();
        write_unformatted(plain.clone(), &mut expected);
        let mut written = String::new();
        write_unformatted(marked.clone(), &mut written);
        let mut expanded = String::new();
        expand_doc_markers(&written, &blocks, false, &mut expanded);
        assert_eq!(expanded, expected);

        #[cfg(feature = "format")]
        for depth in [0, 2] {
            let mut expected = String::new();
            crate::format_at_depth(plain.clone(), depth, &mut expected).unwrap();
            let mut written = String::new();
            crate::format_at_depth(marked.clone(), depth, &mut written).unwrap();
            let mut expanded = String::new();
            expand_doc_markers(&written, &blocks, true, &mut expanded);
            assert_eq!(expanded, expected);
            assert!(expected.contains("/// Second paragraph\n"), "{expected}");
        }
    }
}
