//! Named construction of non-exhaustive types: per struct with required fields, an exhaustive
//! `<Name>Init` of exactly those fields and `From<NameInit> for Name`, the shape ruma pairs
//! its non-exhaustive types with. `new` takes the same fields by position, which lets two of
//! the same type (`types::Config::new`'s 27 `i32`s) be swapped unnoticed; the `Init` names
//! them, and, holding only required fields, it still compiles when a layer adds optional ones.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Emitter, Generics, ident, type_tokens};
use crate::rust_model::{FieldKind, FieldPlan, ItemPath};

/// Whether a struct gets an `Init`: it has a field that is not behind a flag.
pub(super) fn has_required_fields(plan: &FieldPlan) -> bool {
    plan.fields
        .iter()
        .any(|field| matches!(field.kind, FieldKind::Plain(_)))
}

impl Emitter<'_, '_> {
    /// `<Name>Init` and its conversion, or nothing (`init_names` has no name for `index`).
    pub(super) fn init_struct(
        &self,
        index: usize,
        path: &ItemPath,
        generics: &Generics,
        plan: &FieldPlan,
        cfg: Option<&TokenStream>,
    ) -> TokenStream {
        let Some(init) = self.init_names.get(&index) else {
            return TokenStream::new();
        };
        let module = path.module_path();
        let name = ident(&path.name);
        let init = ident(init);
        let args = generics.args();
        let mut fields = Vec::new();
        let mut required = Vec::new();
        for field in &plan.fields {
            let field_name = ident(&field.ident);
            if let FieldKind::Plain(ty) = &field.kind {
                let ty = type_tokens(&module, ty);
                fields.push(quote!(pub #field_name: #ty,));
                required.push(field_name);
            }
        }
        let gate = self.init_gate.cfg();
        let cfg = quote!(#cfg #gate);
        let doc = self.doc(&format!(
            "The required fields of [`{name}`], by name: `{name}::from({init} {{ … }})` (or \
             `.into()`) builds the same value as [`{name}::new`], every optional field unset. \
             Exhaustive, so a forgotten field is a compile error; a newer layer's optional \
             fields do not change it."
        ));
        quote! {
            #doc
            #cfg
            pub struct #init #args {
                #(#fields)*
            }

            #cfg
            impl #args ::core::convert::From<#init #args> for #name #args {
                #[inline]
                fn from(init: #init #args) -> Self {
                    Self::new(#(init.#required),*)
                }
            }
        }
    }
}
