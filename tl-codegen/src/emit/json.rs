//! TDLib's JSON codec (`Config::json(Json::Tdlib)`): serde's `Serialize` and `Deserialize`
//! written out for every struct and enum, through `tlforge_runtime::json`, instead of TL's
//! binary codec (nobody speaks td_api in binary). Written rather than derived: serde's
//! internally tagged enums buffer every object before choosing a variant, where these dispatch
//! on `@type` as soon as it is read (TDLib writes it first).
//!
//! Each field travels in a representation ([`json_repr`]) named in the generated code
//! (`__rt::json::Vector<__rt::json::Int64>`): the runtime holds the one implementation of each.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;
use tlforge_parser::{Category, Definition, ParameterKind, Type};

use super::{Emitter, Generics, Variant, ident, moved, path_tokens, reads_functions, type_tokens};
use crate::rust_model::{Field, FieldKind, FieldPlan, Primitive, RustType};

/// The name of the variant of a generated enum holding an object of a constructor the
/// schema lacks: `Unknown`, unless a constructor of the type already has that name.
pub(super) fn unknown_variant(variants: &[Variant<'_>]) -> Ident {
    let mut name = "Unknown".to_owned();
    while variants.iter().any(|v| v.name == name.as_str()) {
        name.push_str("Constructor");
    }
    ident(&name)
}

/// Whether td_api documents the function as one `td_execute` answers ("Can be called
/// synchronously", td/generate/scheme/td_api.tl).
fn is_synchronous(def: &Definition) -> bool {
    def.doc
        .description
        .as_deref()
        .is_some_and(|text| text.contains("Can be called synchronously"))
}

/// The runtime representation of a value of TL type `ty` whose Rust type is `rust`, as a
/// path in `module`; `None` for what TDLib's JSON has no form of (`#`, flags' `true`,
/// repetitions such as `int128`, type variables, MTProto's raw `Object`).
fn json_repr(module: &[String], ty: &Type, rust: &RustType) -> Option<TokenStream> {
    Some(match rust {
        RustType::Primitive(primitive) => match primitive {
            Primitive::Int => quote!(__rt::json::Int32),
            // int53 and int64 are both i64; TDLib writes int64 as a string, int53 as a number.
            Primitive::Long if ty.name.name.eq_ignore_ascii_case("int53") => {
                quote!(__rt::json::Int53)
            }
            Primitive::Long => quote!(__rt::json::Int64),
            Primitive::Double => quote!(__rt::json::Double),
            Primitive::Bool => quote!(__rt::json::Bool),
            Primitive::String => quote!(__rt::json::Str),
            Primitive::Bytes => quote!(__rt::json::Bytes),
            Primitive::Nat | Primitive::Fixed(_) => return None,
        },
        RustType::Vector { item, .. } => {
            let item = json_repr(module, ty.generic_arg.as_deref()?, item)?;
            quote!(__rt::json::Vector<#item>)
        }
        RustType::Enum(path) | RustType::Bare(path) => {
            let path = path_tokens(module, path);
            quote!(__rt::json::Obj<#path>)
        }
        RustType::Generic(_) | RustType::True | RustType::Object => return None,
    })
}

/// What stops a definition from having a JSON form: one line per field TDLib's JSON cannot
/// carry.
pub(crate) fn unsupported(def: &Definition, plan: &FieldPlan) -> Vec<String> {
    let mut problems = Vec::new();
    if !def.type_params.is_empty() {
        problems.push(format!(
            "`{}`: type parameters have no JSON form (Config::json)",
            def.name
        ));
    }
    for field in &plan.fields {
        let param = &def.params[field.param];
        let supported = match (&field.kind, &param.kind) {
            (
                FieldKind::Plain(rust) | FieldKind::Optional(rust),
                ParameterKind::Value { ty, .. },
            ) => field.flag.is_none() && json_repr(&[], ty, rust).is_some(),
            _ => false,
        };
        if !supported {
            problems.push(format!(
                "`{}`: field `{}` has no form in TDLib's JSON (Config::json): flags, `#` and \
                 repetitions are TL binary only",
                def.name, param.name
            ));
        }
    }
    problems
}

/// One field as the codec handles it: its JSON key, the Rust field, the local it is read
/// into, and its representation (`Nullable<…>` for an `Option`).
struct JsonField {
    key: String,
    member: Ident,
    local: Ident,
    /// The representation of the value (inside the `Option` of a nullable field).
    repr: TokenStream,
    nullable: bool,
}

fn json_fields(def: &Definition, plan: &FieldPlan, module: &[String]) -> Vec<JsonField> {
    plan.fields
        .iter()
        .enumerate()
        .filter_map(|(k, field): (usize, &Field)| {
            let param = &def.params[field.param];
            let ParameterKind::Value { ty, .. } = &param.kind else {
                return None;
            };
            let (rust, nullable) = match &field.kind {
                FieldKind::Plain(rust) => (rust, false),
                FieldKind::Optional(rust) => (rust, true),
                FieldKind::Bit | FieldKind::Group { .. } => return None,
            };
            Some(JsonField {
                key: param.name.clone(),
                member: ident(&field.ident),
                local: ident(&format!("field{k}")),
                // Config checked every field ([`unsupported`]) before emission.
                repr: json_repr(module, ty, rust).unwrap_or_else(|| quote!(__rt::json::Str)),
                nullable,
            })
        })
        .collect()
}

impl Emitter<'_, '_> {
    /// The JSON codec of a constructor's or function's struct: `Object` (its name, keys and
    /// writer), `ReadFields` and `Deserialize` (where it decodes: functions only with the
    /// function decoders), `Serialize`.
    pub(super) fn json_struct(
        &self,
        def: &Definition,
        name: &Ident,
        module: &[String],
        plan: &FieldPlan,
        cfg: Option<&TokenStream>,
    ) -> TokenStream {
        let tl_name = def.name.to_string();
        let fields = json_fields(def, plan, module);
        let keys = fields.iter().map(|f| Literal::string(&f.key));
        let writes = fields.iter().map(|f| {
            let (key, member, repr) = (&f.key, &f.member, &f.repr);
            moved(if f.nullable {
                quote! {
                    if let ::core::option::Option::Some(value) = &self.#member {
                        map.serialize_entry(#key, &__rt::json::Write::<#repr>::new(value))?;
                    }
                }
            } else {
                quote!(map.serialize_entry(#key, &__rt::json::Write::<#repr>::new(&self.#member))?;)
            })
        });
        let map = if fields.is_empty() {
            quote!(_map)
        } else {
            quote!(map)
        };
        let mut out = quote! {
            #cfg
            impl __rt::json::Object for #name {
                const TYPE: &'static str = #tl_name;
                const FIELDS: &'static [&'static str] = &[#(#keys),*];
                #[inline]
                fn write_fields<S: __rt::json::serde::ser::SerializeMap>(
                    &self,
                    #map: &mut S,
                ) -> ::core::result::Result<(), S::Error> {
                    #(#writes)*
                    ::core::result::Result::Ok(())
                }
            }
            #cfg
            impl __rt::json::serde::Serialize for #name {
                #[inline]
                fn serialize<S: __rt::json::serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> ::core::result::Result<S::Ok, S::Error> {
                    __rt::json::write_object(self, serializer)
                }
            }
        };
        if let Some(decoder_cfg) = self.decoder_cfg(def.category == Category::Function, cfg) {
            out.extend(json_read_fields(name, &tl_name, &fields, &decoder_cfg));
        }
        out
    }

    /// `RemoteCall` of a function (its answer's type, [`TdError`] as its error) and, for those
    /// td_api documents as "Can be called synchronously", `Synchronous`.
    pub(super) fn json_remote_call(
        &self,
        def: &Definition,
        module: &[String],
        name: &Ident,
        generics: &Generics,
        cfg: Option<&TokenStream>,
    ) -> TokenStream {
        let result = self
            .rust
            .rust_type(def, &def.result)
            .unwrap_or(RustType::True);
        let result = type_tokens(module, &result);
        let args = generics.args();
        let mut out = quote! {
            #cfg
            impl #args __rt::json::RemoteCall for #name #args {
                type Return = #result;
                type Error = __rt::json::TdError;
            }
        };
        if is_synchronous(def) {
            out.extend(quote! {
                #cfg
                impl #args __rt::json::Synchronous for #name #args {}
            });
        }
        out
    }

    /// The JSON codec of a boxed type's enum: `Variants` (which constructor a `@type` names),
    /// `Deserialize` through it, `Serialize` by the variant's struct (or the unknown object).
    pub(super) fn json_enum(
        &self,
        tl_name: &str,
        name: &Ident,
        variants: &[Variant<'_>],
        unknown: &Ident,
        cfg: Option<&TokenStream>,
    ) -> TokenStream {
        // A runtime call per arm (`json::variant`): the constructor's value lives in that
        // call's frame, not in a slot per constructor of this one (debug builds).
        let reads = variants.iter().map(|v| {
            let tl = v.def.name.to_string();
            let variant = &v.name;
            let read = if v.boxed {
                quote!(__rt::json::boxed_variant)
            } else {
                quote!(__rt::json::variant)
            };
            moved(quote!(#tl => #read(map, Self::#variant).map(::core::option::Option::Some),))
        });
        let writes = variants.iter().map(|v| {
            let variant = &v.name;
            quote!(Self::#variant(value) => __rt::json::serde::Serialize::serialize(value, serializer),)
        });
        let mut out = quote! {
            #cfg
            impl __rt::json::serde::Serialize for #name {
                fn serialize<S: __rt::json::serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> ::core::result::Result<S::Ok, S::Error> {
                    match self {
                        #(#writes)*
                        Self::#unknown(value) => __rt::json::serde::Serialize::serialize(value, serializer),
                    }
                }
            }
        };
        if let Some(decoder_cfg) = self.decoder_cfg(reads_functions(variants), cfg) {
            out.extend(quote! {
                #decoder_cfg
                impl __rt::json::Variants for #name {
                    const TYPE: &'static str = #tl_name;
                    fn read_variant<'de, A: __rt::json::serde::de::MapAccess<'de>>(
                        name: &str,
                        map: &mut A,
                    ) -> ::core::result::Result<::core::option::Option<Self>, A::Error> {
                        match name {
                            #(#reads)*
                            _ => ::core::result::Result::Ok(::core::option::Option::None),
                        }
                    }
                    #[inline]
                    fn unknown(unknown: __rt::json::Unknown) -> Self {
                        Self::#unknown(unknown)
                    }
                }
                #decoder_cfg
                impl<'de> __rt::json::serde::Deserialize<'de> for #name {
                    #[inline]
                    fn deserialize<D: __rt::json::serde::Deserializer<'de>>(
                        deserializer: D,
                    ) -> ::core::result::Result<Self, D::Error> {
                        __rt::json::read_variants(deserializer)
                    }
                }
            });
        }
        out
    }
}

/// The seed reading a field's value (`Nullable<…>` for an `Option`).
fn read_seed(field: &JsonField) -> TokenStream {
    let repr = &field.repr;
    if field.nullable {
        quote!(__rt::json::Read::<__rt::json::Nullable<#repr>>::new())
    } else {
        quote!(__rt::json::Read::<#repr>::new())
    }
}

/// `ReadFields` (each key's value into a local, then the struct, with TDLib's defaults or an
/// error for what is missing) and `Deserialize` of a struct.
fn json_read_fields(
    name: &Ident,
    tl_name: &str,
    fields: &[JsonField],
    cfg: &TokenStream,
) -> TokenStream {
    let locals = fields.iter().map(|f| &f.local);
    let arms = fields.iter().enumerate().map(|(k, f)| {
        let local = &f.local;
        let read = read_seed(f);
        let index = if k + 1 == fields.len() {
            quote!(_)
        } else {
            let index = Literal::usize_unsuffixed(k);
            quote!(#index)
        };
        moved(quote!(#index => #local = ::core::option::Option::Some(map.next_value_seed(#read)?),))
    });
    let values = fields.iter().map(|f| {
        let (key, member, local, repr) = (&f.key, &f.member, &f.local, &f.repr);
        let repr = if f.nullable {
            quote!(__rt::json::Nullable<#repr>)
        } else {
            quote!(#repr)
        };
        moved(quote!(#member: __rt::json::value::<#repr, A::Error>(#local, #tl_name, #key)?,))
    });
    let read = if fields.is_empty() {
        quote!(__rt::json::fields::<Self, A>(map, |_, _| ::core::result::Result::Ok(()))?;)
    } else if let [field] = fields {
        // One field: every index `fields` passes is its.
        let local = &field.local;
        let read = read_seed(field);
        quote! {
            let mut #local = ::core::option::Option::None;
            __rt::json::fields::<Self, A>(map, |map, _| {
                #local = ::core::option::Option::Some(map.next_value_seed(#read)?);
                ::core::result::Result::Ok(())
            })?;
        }
    } else {
        quote! {
            #(let mut #locals = ::core::option::Option::None;)*
            __rt::json::fields::<Self, A>(map, |map, field| {
                match field {
                    #(#arms)*
                }
                ::core::result::Result::Ok(())
            })?;
        }
    };
    quote! {
        #cfg
        impl __rt::json::ReadFields for #name {
            #[inline]
            fn read_fields<'de, A: __rt::json::serde::de::MapAccess<'de>>(
                map: &mut A,
            ) -> ::core::result::Result<Self, A::Error> {
                #read
                ::core::result::Result::Ok(Self { #(#values)* })
            }
        }
        #cfg
        impl<'de> __rt::json::serde::Deserialize<'de> for #name {
            #[inline]
            fn deserialize<D: __rt::json::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                __rt::json::read_object(deserializer)
            }
        }
    }
}
