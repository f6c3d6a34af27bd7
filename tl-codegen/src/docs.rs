//! Rustdoc for generated items: descriptions from the schema's own annotations (TDLib's
//! `//@description`), and the TL line each item comes from.

use proc_macro2::TokenStream;
use quote::quote;
use tl_parser::{Category, Definition};

/// `#[doc]` attributes for `text`, one per line with a leading space, so prettyplease prints
/// them as ordinary `/// line` comments.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}

/// Where the emitter gets documentation text from.
pub trait DocSource {
    /// Doc attributes for the struct of a constructor or function.
    fn item(&self, def: &Definition) -> TokenStream;
    /// Description of one parameter, if known.
    fn param(&self, def: &Definition, param: &str) -> Option<String>;
    /// Doc attributes for the enum of a boxed type.
    fn type_doc(&self, tl_name: &str, constructors: Vec<&Definition>) -> TokenStream;
}

/// Documentation found in the schema itself.
pub struct SchemaDocs<'s> {
    pub schema: &'s tl_parser::Schema,
}

impl DocSource for SchemaDocs<'_> {
    fn item(&self, def: &Definition) -> TokenStream {
        let mut text = String::new();
        if let Some(description) = &def.doc.description {
            text.push_str(description);
            text.push_str("\n\n");
        }
        let what = match def.category {
            Category::Type => "Constructor",
            Category::Function => "Function",
        };
        text.push_str(&format!(
            "{what} `{}` (id `{:#010x}`):\n\n```text\n{};\n```",
            def.name, def.id, def.text
        ));
        doc_attrs(&text)
    }

    fn param(&self, def: &Definition, param: &str) -> Option<String> {
        def.doc.params.get(param).cloned()
    }

    fn type_doc(&self, tl_name: &str, constructors: Vec<&Definition>) -> TokenStream {
        let mut text = String::new();
        if let Some(description) = self.schema.type_docs.get(tl_name) {
            text.push_str(description);
            text.push_str("\n\n");
        }
        let names: Vec<String> = constructors.iter().map(|c| format!("`{}`", c.name)).collect();
        text.push_str(&format!(
            "Boxed type `{tl_name}`, with constructors {}.",
            names.join(", ")
        ));
        doc_attrs(&text)
    }
}
