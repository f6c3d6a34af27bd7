//! Snapshots of the generated items for a fixed list of real definitions of the bundled schema:
//! each snapshot holds the struct, its flag-group structs and its impls, as tlforge-types gets them.

use tlforge_codegen::{Config, SourceFile};

fn read(path: &str) -> SourceFile {
    let full = format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    SourceFile::new(path, text)
}

fn generate(files: &[&str], metadata: bool) -> syn::File {
    let sources: Vec<SourceFile> = files.iter().map(|f| read(f)).collect();
    let mut config = Config::new();
    config.header(false);
    if metadata {
        config.metadata(format!(
            "{}/../schema/telegram-docs.json",
            env!("CARGO_MANIFEST_DIR")
        ));
    }
    let code = config
        .generate(&sources)
        .expect("the bundled schema generates");
    syn::parse_file(&code).expect("generated code parses")
}

/// The items of module `path` that belong to `name`: the struct itself, the structs grouping
/// its shared-bit fields, and every impl for them.
fn items_for(file: &syn::File, path: &[&str], name: &str) -> String {
    let mut items = &file.items;
    for segment in path {
        items = items
            .iter()
            .find_map(|item| match item {
                syn::Item::Mod(m) if m.ident == segment => m.content.as_ref().map(|(_, i)| i),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no module {segment}"));
    }
    let belongs = |ident: &syn::Ident| {
        let ident = ident.to_string();
        ident == name || (ident.starts_with(name) && ident.len() > name.len())
    };
    let selected: Vec<syn::Item> = items
        .iter()
        .filter(|item| match item {
            syn::Item::Struct(s) if s.ident == name => true,
            // Flag-group structs are named after their owner and document it.
            syn::Item::Struct(s) => {
                belongs(&s.ident)
                    && s.attrs
                        .iter()
                        .any(|a| quote_string(a).contains(&format!("Fields of [`{name}`]")))
            }
            syn::Item::Enum(e) => e.ident == name,
            syn::Item::Impl(i) => match &*i.self_ty {
                syn::Type::Path(p) => p
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == name || group_of(items, &s.ident, name)),
                _ => false,
            },
            _ => false,
        })
        .cloned()
        .collect();
    assert!(!selected.is_empty(), "nothing generated for {name}");
    let mut file = syn::parse_file("").expect("an empty file parses");
    file.items = selected;
    prettyplease::unparse(&file)
}

fn quote_string(attr: &syn::Attribute) -> String {
    match &attr.meta {
        syn::Meta::NameValue(nv) => match &nv.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => s.value(),
            _ => String::new(),
        },
        _ => String::new(),
    }
}

fn group_of(items: &[syn::Item], ident: &syn::Ident, owner: &str) -> bool {
    items.iter().any(|item| {
        matches!(item, syn::Item::Struct(s) if &s.ident == ident
            && s.attrs.iter().any(|a| quote_string(a).contains(&format!("Fields of [`{owner}`]"))))
    })
}

#[test]
fn telegram_api_definitions() {
    let file = generate(&["schema/api.tl"], true);
    for (path, name, tl) in [
        (&["functions", "auth"][..], "CancelCode", "auth.cancelCode"),
        (&["functions", "auth"][..], "SendCode", "auth.sendCode"),
        (
            &["functions", "messages"][..],
            "SendMessage",
            "messages.sendMessage",
        ),
        (&["types"][..], "User", "user"),
        (&["types"][..], "ChannelFull", "channelFull"),
        (&["functions"][..], "InvokeWithLayer", "invokeWithLayer"),
        (&["functions"][..], "InitConnection", "initConnection"),
    ] {
        insta::assert_snapshot!(tl, items_for(&file, path, name));
    }
}

#[test]
fn mtproto_definitions() {
    let file = generate(&["schema/mtproto.tl", "schema/mtproto-envelope.tl"], false);
    for (name, tl) in [
        ("FutureSalts", "future_salts"),
        ("MsgContainer", "msg_container"),
        ("RpcResult", "rpc_result"),
    ] {
        insta::assert_snapshot!(tl, items_for(&file, &["types"], name));
    }
}
