//! The error enums of a schema with an error catalogue ([`crate::rpc_errors`]):
//! `errors::Error`, one variant per catalogued error, and per function `<Name>Error`, one
//! variant per error its documentation lists and `Other(errors::Error)`.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{Emitter, ident};
use crate::rpc_errors::{ErrorCatalogue, ErrorEntry, OTHER};
use crate::rustdoc::escape_markdown;

/// The per-function error enum of a function: its name, and its catalogue entries with the
/// codes and description the method's documentation gives each.
pub(super) struct FunctionErrors {
    pub name: String,
    pub entries: Vec<(usize, Vec<i32>, Option<String>)>,
}

/// `` `NAME` (400, 403) `` and the description, the first paragraph of a variant's rustdoc.
fn summary(name: &str, codes: &[i32], description: Option<&str>) -> String {
    let codes: Vec<String> = codes.iter().map(i32::to_string).collect();
    let mut text = format!("`{name}`");
    if !codes.is_empty() {
        text.push_str(&format!(" ({})", codes.join(", ")));
    }
    if let Some(description) = description {
        text.push_str(": ");
        text.push_str(&escape_markdown(description));
    }
    text
}

/// An entry's variant with its rustdoc (`doc`'s attributes): `Name,` or, numbered, `Name(u32),`.
fn variant_tokens(doc: TokenStream, entry: &ErrorEntry<'_>) -> TokenStream {
    let variant = ident(&entry.variant);
    match entry.number {
        Some(_) => quote!(#doc #variant(u32),),
        None => quote!(#doc #variant,),
    }
}

/// The pattern of an entry's variant in `owner`: `Owner::Name` or `Owner::Name(n)`.
fn pattern(owner: &TokenStream, entry: &ErrorEntry<'_>) -> TokenStream {
    let variant = ident(&entry.variant);
    match entry.number {
        Some(_) => quote!(#owner::#variant(n)),
        None => quote!(#owner::#variant),
    }
}

/// The name of a numbered catalogue name without its number, as `RpcError::name` splits a
/// message: `FLOOD_WAIT_%d` → `FLOOD_WAIT`, `FILE_PART_%d_MISSING` → `FILE_PART_MISSING`,
/// `PREVIOUS_CHAT_IMPORT_ACTIVE_WAIT_%dMIN` (no `_` after the number) → `…_WAIT_MIN`.
pub(crate) fn name_without_number(before: &str, after: &str) -> String {
    match (before.strip_suffix('_'), after.strip_prefix('_')) {
        (Some(before), Some(after)) => format!("{before}_{after}"),
        (Some(before), None) if after.is_empty() => before.to_owned(),
        (None, Some(after)) if before.is_empty() => after.to_owned(),
        _ => format!("{before}{after}"),
    }
}

/// A plain catalogue name with a number in it (`FILE_PART_0_MISSING`), split as
/// `RpcError::new` splits a message: the first `_`-separated part that is all digits. So the
/// name and number of a typed error are those of the message it came from, whatever its entry.
fn plain_number(name: &str) -> Option<(String, u32)> {
    let parts: Vec<&str> = name.split('_').collect();
    let index = parts
        .iter()
        .position(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))?;
    let value = parts[index].parse().ok()?;
    let rest: Vec<&str> = parts
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != index)
        .map(|(_, part)| *part)
        .collect();
    Some((rest.join("_"), value))
}

/// `CatalogueEntry { name, catalogue_name, code }` of an entry, an element of the catalogue's
/// table (one constant: an arm per error returning a reference to its own literal costs rustc a
/// promoted constant each).
fn entry_tokens(entry: &ErrorEntry<'_>) -> TokenStream {
    let catalogue_name = &entry.error.name;
    let name = match entry.number {
        Some((before, after)) => name_without_number(before, after),
        None => {
            plain_number(catalogue_name).map_or_else(|| catalogue_name.clone(), |(name, _)| name)
        }
    };
    // Sources list a few errors under two codes (`FILE_MIGRATE_%d`: 303, 400); the first is the
    // catalogue's own order.
    let code = entry.error.codes.first().copied().unwrap_or(400);
    quote!(__rt::CatalogueEntry { name: #name, catalogue_name: #catalogue_name, code: #code },)
}

impl Emitter<'_, '_> {
    /// The path of `errors::Error` from the module `module`: the errors crate's root in a
    /// split schema, the crate's `errors` module otherwise.
    pub(super) fn catalogue_error_path(&self, module: &[String]) -> TokenStream {
        match &self.errors_crate {
            Some(krate) => {
                let krate = ident(krate);
                quote!(::#krate::Error)
            }
            None => {
                let supers = module.iter().map(|_| quote!(super::));
                quote!(#(#supers)* errors::Error)
            }
        }
    }

    /// The same path as an intra-doc link target.
    pub(super) fn catalogue_error_link(&self, module: &[String]) -> String {
        match &self.errors_crate {
            Some(krate) => format!("{krate}::Error"),
            None => format!("{}errors::Error", "super::".repeat(module.len())),
        }
    }

    /// The items of the module `errors` (the whole errors crate of a split schema).
    pub(super) fn errors_module(&self, catalogue: &ErrorCatalogue<'_>) -> TokenStream {
        let (plain, numbered) = catalogue.partition();
        let variants = catalogue.entries.iter().map(|entry| {
            let error = entry.error;
            let mut doc = summary(&error.name, &error.codes, error.description.as_deref());
            doc.push_str("\n\n");
            if error.global {
                doc.push_str("Any method may return it (Telegram's error database lists it for no method in particular).");
            } else if error.methods.is_empty() {
                doc.push_str("No method's documentation lists it.");
            } else {
                let methods: Vec<String> = error.methods.iter().map(|m| format!("`{m}`")).collect();
                doc.push_str(&format!("Documented for {}.", methods.join(", ")));
            }
            variant_tokens(self.doc(&doc), entry)
        });
        let plain_arms = plain.iter().map(|entry| {
            let name = &entry.error.name;
            let variant = ident(&entry.variant);
            quote!(#name => return Some(Self::#variant),)
        });
        let numbered_checks = numbered.iter().map(|entry| {
            let (before, after) = entry.number.unwrap_or_default();
            let variant = ident(&entry.variant);
            quote! {
                if let Some(n) = __rt::error_number(message, #before, #after) {
                    return Some(Self::#variant(n));
                }
            }
        });
        let table = catalogue.entries.iter().map(entry_tokens);
        let index_arms = catalogue.entries.iter().enumerate().map(|(index, entry)| {
            let variant = ident(&entry.variant);
            let pattern = match entry.number {
                Some(_) => quote!(Self::#variant(_)),
                None => quote!(Self::#variant),
            };
            quote!(#pattern => #index,)
        });
        let numbered_patterns: Vec<TokenStream> =
            numbered.iter().map(|e| pattern(&quote!(Self), e)).collect();
        let value_numbered =
            (!numbered_patterns.is_empty()).then(|| quote!(#(#numbered_patterns)|* => Some(*n),));
        let value_plain = plain.iter().filter_map(|entry| {
            let (_, value) = plain_number(&entry.error.name)?;
            let pattern = pattern(&quote!(Self), entry);
            Some(quote!(#pattern => Some(#value),))
        });
        let other = ident(OTHER);
        let runtime = &self.runtime;
        let count = catalogue.entries.len();
        let doc = self.doc(&format!(
            "An error a server may answer a call with: one variant per error of the catalogue \
             ({count} errors, from the documentation metadata), numbered ones holding their number \
             (`FLOOD_WAIT_30` is `FloodWait(30)`), and [`{OTHER}`](Self::{OTHER}) for anything \
             else, kept as sent.\n\n\
             Converting an [`RpcError`](__rt::RpcError) matches its message against the \
             catalogue's names, not its code: sources disagree about the codes of some errors. \
             Each function's `RemoteCall::Error` is its own enum of the errors it documents, \
             with this one for the rest."
        ));
        quote! {
            #[allow(unused_imports)]
            use #runtime as __rt;

            #doc
            #[derive(Debug, Clone, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum Error {
                #(#variants)*
                /// An error the catalogue does not have, as the server sent it.
                #other(__rt::RpcError),
            }

            /// Every catalogued error's facts, in the order of [`Error`]'s variants.
            static CATALOGUE: [__rt::CatalogueEntry; #count] = [#(#table)*];

            impl Error {
                /// The catalogued error of a message (`FLOOD_WAIT_30`), if it is one.
                pub fn from_message(message: &str) -> ::core::option::Option<Self> {
                    match message {
                        #(#plain_arms)*
                        _ => {}
                    }
                    #(#numbered_checks)*
                    None
                }

                /// The catalogue's facts of the error (its name with and without the number,
                /// its code); `None` for [`Other`](Self::Other).
                pub fn catalogue_entry(&self) -> ::core::option::Option<&'static __rt::CatalogueEntry> {
                    let index = match self {
                        #(#index_arms)*
                        Self::#other(_) => return ::core::option::Option::None,
                    };
                    CATALOGUE.get(index)
                }

                /// The name without its number (`FLOOD_WAIT` for `FLOOD_WAIT_30`), as
                /// [`RpcError::name`](__rt::RpcError::name) and every error type's
                /// [`RpcErrorInfo::name`](__rt::RpcErrorInfo::name) give it.
                pub fn name(&self) -> &str {
                    match (self.catalogue_entry(), self) {
                        (::core::option::Option::Some(entry), _) => entry.name,
                        (_, Self::#other(error)) => error.name(),
                        _ => "",
                    }
                }

                /// The catalogue's name of the error, `%d` where its number goes
                /// (`FLOOD_WAIT_%d`); the message as sent for [`Other`](Self::Other).
                pub fn catalogue_name(&self) -> &str {
                    match (self.catalogue_entry(), self) {
                        (::core::option::Option::Some(entry), _) => entry.catalogue_name,
                        (_, Self::#other(error)) => error.message(),
                        _ => "",
                    }
                }

                /// The code: the catalogue's for a catalogued error (the first, for the few it
                /// lists under two), as sent for [`Other`](Self::Other).
                pub fn code(&self) -> i32 {
                    match (self.catalogue_entry(), self) {
                        (::core::option::Option::Some(entry), _) => entry.code,
                        (_, Self::#other(error)) => error.code(),
                        _ => 0,
                    }
                }

                /// The number the error carries: 30 in `FLOOD_WAIT_30`.
                pub fn value(&self) -> ::core::option::Option<u32> {
                    match self {
                        #value_numbered
                        #(#value_plain)*
                        Self::#other(error) => error.value(),
                        _ => None,
                    }
                }
            }

            impl ::core::convert::From<__rt::RpcError> for Error {
                fn from(error: __rt::RpcError) -> Self {
                    Self::from_message(error.message()).unwrap_or(Self::#other(error))
                }
            }

            impl __rt::RpcErrorInfo for Error {
                fn code(&self) -> i32 {
                    Error::code(self)
                }
                fn name(&self) -> &str {
                    Error::name(self)
                }
                fn value(&self) -> ::core::option::Option<u32> {
                    Error::value(self)
                }
                fn catalogue_entry(&self) -> ::core::option::Option<&'static __rt::CatalogueEntry> {
                    Error::catalogue_entry(self)
                }
            }

            /// The message as the server sends it (`FLOOD_WAIT_30`), for every variant.
            impl ::core::fmt::Display for Error {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    match self {
                        Self::#other(error) => f.write_str(error.message()),
                        _ => __rt::write_error_message(f, self.catalogue_name(), self.value()),
                    }
                }
            }

            impl ::std::error::Error for Error {}
        }
    }

    /// The per-function error enum of `def` and its conversions.
    pub(super) fn function_error_enum(
        &self,
        module: &[String],
        function: &Ident,
        errors: &FunctionErrors,
        cfg: Option<&TokenStream>,
    ) -> TokenStream {
        let Some(catalogue) = self.catalogue else {
            return TokenStream::new();
        };
        let name = ident(&errors.name);
        let error = self.catalogue_error_path(module);
        let error_link = self.catalogue_error_link(module);
        let entries: Vec<&ErrorEntry<'_>> = errors
            .entries
            .iter()
            .map(|(i, _, _)| &catalogue.entries[*i])
            .collect();
        let variants =
            errors
                .entries
                .iter()
                .zip(&entries)
                .map(|((_, codes, description), entry)| {
                    let mut doc = summary(&entry.error.name, codes, description.as_deref());
                    doc.push_str(&format!(
                        "\n\nSee [`errors::Error::{variant}`]({link}::{variant}).",
                        link = error_link,
                        variant = entry.variant
                    ));
                    variant_tokens(self.doc(&doc), entry)
                });
        let into_own = entries.iter().map(|entry| {
            let from = pattern(&error, entry);
            let to = pattern(&quote!(Self), entry);
            quote!(#from => #to,)
        });
        // By reference into the catalogue's enum: the typed variants hold at most a number.
        let as_catalogue = entries.iter().map(|entry| {
            let from = pattern(&quote!(Self), entry);
            let to = match entry.number {
                Some(_) => {
                    let variant = ident(&entry.variant);
                    quote!(#error::#variant(*n))
                }
                None => pattern(&error, entry),
            };
            quote!(#from => #to,)
        });
        let other = ident(OTHER);
        let doc = self.doc(&format!(
            "The errors [`{function}`] may fail with, as its documentation lists them \
             (its `RemoteCall::Error`), and [`{OTHER}`](Self::{OTHER}) for any other: errors \
             any method may return (`FLOOD_WAIT_%d`), undocumented ones, unknown ones \
             ([`errors::Error::{OTHER}`]({error_link}::{OTHER})).\n\n\
             Built from an [`RpcError`](__rt::RpcError) with `into()`.",
            function = function,
        ));
        let non_exhaustive = self.non_exhaustive.then(|| quote!(#[non_exhaustive]));
        let gate = self.error_types.cfg();
        let cfg = quote!(#cfg #gate);
        // As every other generated type's: `PartialEq` and `Hash` only where the schema's types
        // have them (`errors::Error` always has them).
        let mut always = vec![quote!(Debug, Clone)];
        let partial_eq = self
            .partial_eq
            .split_derives(quote!(PartialEq, Eq), &mut always);
        let hash = self.eq_hash.split_derives(quote!(Hash), &mut always);
        quote! {
            #doc
            #[derive(#(#always),*)]
            #partial_eq
            #hash
            #non_exhaustive
            #cfg
            pub enum #name {
                #(#variants)*
                /// Any other error.
                #other(#error),
            }

            #cfg
            impl ::core::convert::From<__rt::RpcError> for #name {
                #[inline]
                fn from(error: __rt::RpcError) -> Self {
                    Self::from(#error::from(error))
                }
            }

            #cfg
            impl ::core::convert::From<#error> for #name {
                #[inline]
                fn from(error: #error) -> Self {
                    match error {
                        #(#into_own)*
                        other => Self::#other(other),
                    }
                }
            }

            #cfg
            impl ::core::convert::From<#name> for #error {
                #[inline]
                fn from(error: #name) -> Self {
                    match error {
                        #name::#other(other) => other,
                        // A typed variant is always `Ok` (it holds a number at most).
                        typed => match __rt::Catalogued::catalogued(&typed) {
                            ::core::result::Result::Ok(error) => error,
                            ::core::result::Result::Err(other) => other.clone(),
                        },
                    }
                }
            }

            // `RpcErrorInfo` comes with it (the runtime's blanket impl).
            #cfg
            impl __rt::Catalogued for #name {
                type Catalogue = #error;
                #[inline]
                fn catalogued(&self) -> ::core::result::Result<#error, &#error> {
                    ::core::result::Result::Ok(match self {
                        #(#as_catalogue)*
                        Self::#other(other) => return ::core::result::Result::Err(other),
                    })
                }
            }

            /// The message as the server sends it (`FLOOD_WAIT_30`).
            #cfg
            impl ::core::fmt::Display for #name {
                #[inline]
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    match __rt::Catalogued::catalogued(self) {
                        ::core::result::Result::Ok(error) => ::core::fmt::Display::fmt(&error, f),
                        ::core::result::Result::Err(other) => ::core::fmt::Display::fmt(other, f),
                    }
                }
            }

            #cfg
            impl ::std::error::Error for #name {}
        }
    }
}
