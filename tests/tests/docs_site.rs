//! The Markdown reference of `tlforge docs` (`tlforge_cli::site`), built from the bundled
//! schema files as `schema/*.tl` lists them, with `schema/telegram-docs.json`:
//!
//! - every relative link of every page resolves to a page;
//! - the `auth.cancelCode` page has everything its GramJS page has;
//! - the Rust example of every method builds each struct with exactly the fields tlforge-types
//!   generates, and a selection of examples, copied here, compiles and runs against tlforge-types;
//! - snapshots of a few pages.

use std::collections::{BTreeMap, HashMap};

use tlforge_cli::schema_groups::group_sources;
use tlforge_cli::site::{doc_groups, render_site};
use tlforge_codegen::metadata::Metadata;
use tlforge_parser::SourceFile;

const ENVELOPE_TL: &str = include_str!("../../schema/mtproto-envelope.tl");
const DOCS_JSON: &str = include_str!("../../schema/telegram-docs.json");

/// `schema/*.tl`, in the shell's order.
fn sources() -> Vec<SourceFile> {
    vec![
        SourceFile::new("schema/api.tl", tlforge_tests::API_TL),
        SourceFile::new("schema/mtproto-envelope.tl", ENVELOPE_TL),
        SourceFile::new("schema/mtproto.tl", tlforge_tests::MTPROTO_TL),
    ]
}

fn site() -> BTreeMap<String, String> {
    let groups = group_sources(&sources()).expect("the bundled schemas parse");
    let metadata = Metadata::parse("telegram-docs.json", DOCS_JSON).expect("metadata");
    let (groups, warnings) = doc_groups(&groups, Some(&metadata), Some("tlforge_types"));
    // The metadata documents layer 230, the bundled schema's: every name it has is the schema's.
    assert_eq!(warnings, Vec::<String>::new());
    assert_eq!(groups[0].dir, "");
    assert_eq!(groups[1].dir, "mtproto");
    render_site(&groups).expect("renders")
}

/// Targets of `[text](target)` links.
fn links(page: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = page;
    while let Some(i) = rest.find("](") {
        rest = &rest[i + 2..];
        if let Some(end) = rest.find(')') {
            out.push(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out
}

/// `target` relative to the directory of `from`, normalized.
fn resolve(from: &str, target: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            ".." => {
                assert!(parts.pop().is_some(), "{from}: {target} leaves the site");
            }
            "." => {}
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[test]
fn every_relative_link_resolves() {
    let pages = site();
    let mut checked = 0;
    let mut broken = Vec::new();
    for (path, page) in &pages {
        for target in links(page) {
            // `[Methods]()`: a chapter of SUMMARY.md without a page of its own.
            if target.is_empty() || target.starts_with("http://") || target.starts_with("https://")
            {
                continue;
            }
            checked += 1;
            if !pages.contains_key(&resolve(path, target)) {
                broken.push(format!("{path}: {target}"));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert!(checked > 15_000, "only {checked} links");
    // Every page but the index is linked from the index; error pages from the errors' index,
    // which the index links.
    let linked_from = |index: &str| -> Vec<String> {
        links(&pages[index])
            .iter()
            .map(|t| resolve(index, t))
            .collect()
    };
    let (index, errors) = (linked_from("index.md"), linked_from("errors/index.md"));
    assert!(index.contains(&"errors/index.md".to_owned()));
    let book_files = ["index.md", "SUMMARY.md"];
    for path in pages
        .keys()
        .filter(|p| p.ends_with(".md") && !book_files.contains(&p.as_str()))
    {
        let linked = match path.strip_prefix("errors/") {
            Some("index.md") | None => index.contains(path),
            Some(_) => errors.contains(path),
        };
        assert!(linked, "{path} is not in its index");
    }
}

/// mdBook's SUMMARY.md lists every page once (mdBook renders only what it lists), and
/// book.toml makes the site's directory the book's source, with the site's own search instead
/// of mdBook's (issue 39).
#[test]
fn the_book_lists_every_page_once() {
    let pages = site();
    let summary = &pages["SUMMARY.md"];
    let mut listed: Vec<&str> = links(summary)
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect();
    let count = listed.len();
    listed.sort_unstable();
    listed.dedup();
    assert_eq!(listed.len(), count, "a page is listed twice");
    let pages_md: Vec<&str> = pages
        .keys()
        .map(String::as_str)
        .filter(|p| p.ends_with(".md") && *p != "SUMMARY.md")
        .collect();
    assert_eq!(listed, pages_md);
    assert!(summary.starts_with("# Summary\n\n[Index](index.md)\n"));
    assert!(summary.contains("\n- [Methods]()\n    - [(no namespace)]()\n"));
    assert!(summary.contains(
        "\n    - [auth]()\n        - [auth.acceptLoginToken](methods/auth.acceptLoginToken.md)\n"
    ));
    assert!(
        summary.contains("\n# schema/mtproto.tl, schema/mtproto\\-envelope.tl\n")
            || summary.contains("\n# schema/mtproto.tl, schema/mtproto-envelope.tl\n")
    );
    assert!(summary.contains("\n- [Errors](errors/index.md)\n    - [2FA\\_CONFIRM\\_WAIT\\_%d](errors/2FA_CONFIRM_WAIT_%d.md)\n"));
    let book = &pages["book.toml"];
    for line in [
        "src = \".\"",
        "build-dir = \"book\"",
        "additional-js = [\"search/search.js\"]",
        "additional-css = [\"search/search.css\"]",
        "[output.html.search]\nenable = false",
        "[output.html.playground]\nrunnable = false",
        "[output.html.print]\nenable = false",
    ] {
        assert!(book.contains(line), "{line:?} in\n{book}");
    }
}

#[test]
fn error_pages_and_their_index() {
    let pages = site();
    let metadata = Metadata::parse("telegram-docs.json", DOCS_JSON).expect("metadata");
    // One page per catalogued error, named by the catalogue (`%d` kept), and the index.
    let error_pages = pages.keys().filter(|p| p.starts_with("errors/")).count();
    assert_eq!(error_pages, metadata.errors.len() + 1);
    let page = &pages["errors/PHONE_CODE_EXPIRED.md"];
    for expected in [
        "# PHONE\\_CODE\\_EXPIRED\n\nThe phone code you provided has expired.",
        "RPC error · code 400 · [all errors](index.md)",
        "In Rust: `errors::Error::PhoneCodeExpired`",
        "- [auth.cancelCode](../methods/auth.cancelCode.md) (400): The phone code you provided has expired.",
    ] {
        assert!(page.contains(expected), "missing {expected:?} in\n{page}");
    }
    let flood = &pages["errors/FLOOD_WAIT_%d.md"];
    for expected in [
        "`FLOOD_WAIT_30`",
        "Also written `FLOOD_WAIT_X`.",
        "`errors::Error::FloodWait(u32)`",
        "Any method (Telegram's error database",
    ] {
        assert!(flood.contains(expected), "missing {expected:?} in\n{flood}");
    }
    let index = &pages["errors/index.md"];
    assert!(index.contains(
        "| 420 | [`FLOOD_WAIT_%d`](FLOOD_WAIT_%d.md) | A wait of %d seconds is required | any method |"
    ));
    assert!(index.contains("| 400 | [`FILE_REFERENCE_*`](FILE_REFERENCE__.md) |"));
    insta::assert_snapshot!("error_PHONE_CODE_EXPIRED", page);
}

#[test]
fn auth_cancel_code_page_has_everything() {
    let pages = site();
    let page = &pages["methods/auth.cancelCode.md"];
    for expected in [
        "# auth.cancelCode",
        "Cancel the login verification code",
        "| `phone_number` | `string` | Phone number | Yes |",
        "| `phone_code_hash` | `string` | Phone code hash from [auth.sendCode](auth.sendCode.md) | Yes |",
        "## Result\n\n[Bool](../types/Bool.md)",
        "| 400 | [`PHONE_CODE_EXPIRED`](../errors/PHONE_CODE_EXPIRED.md) | The phone code you provided has expired. |",
        "| 406 | [`PHONE_NUMBER_INVALID`](../errors/PHONE_NUMBER_INVALID.md) | The phone number is invalid. |",
        "`<CancelCode as RemoteCall>::Error` is `CancelCodeError`",
        "## Can bots use this method?\n\nNo\n",
        "- [auth.sendCode](auth.sendCode.md) (method)",
        "let request = CancelCode::new(",
        "request.to_bytes()",
        "<CancelCode as RemoteCall>::Return",
    ] {
        assert!(page.contains(expected), "missing {expected:?} in\n{page}");
    }
    insta::assert_snapshot!("method_auth.cancelCode", page);
}

#[test]
fn snapshots_of_a_constructor_a_type_an_mtproto_method_and_the_index() {
    let pages = site();
    insta::assert_snapshot!(
        "constructor_auth.sentCode",
        pages["constructors/auth.sentCode.md"]
    );
    insta::assert_snapshot!("type_auth.SentCode", pages["types/auth.SentCode.md"]);
    insta::assert_snapshot!(
        "mtproto_method_req_pq_multi",
        pages["mtproto/methods/req_pq_multi.md"]
    );
    let head: Vec<&str> = pages["index.md"].lines().take(16).collect();
    insta::assert_snapshot!("index_head", head.join("\n"));
    let sections: Vec<&str> = pages["index.md"]
        .lines()
        .filter(|l| {
            l.starts_with("## ")
                || l.starts_with("### ")
                || l.starts_with(|c: char| c.is_ascii_digit())
        })
        .collect();
    insta::assert_snapshot!("index_sections", sections.join("\n"));
}

// ---- examples ----

/// The Rust code of a method page.
fn example(page: &str) -> &str {
    let start = page.find("```rust\n").expect("an example") + "```rust\n".len();
    let end = start + page[start..].find("```").expect("closed");
    &page[start..end]
}

fn path_text(path: &syn::Path) -> String {
    path.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

/// What generated code declares for one struct: its field names and the parameters of its `new`.
#[derive(Default)]
struct Generated {
    fields: Vec<String>,
    new_params: Option<Vec<String>>,
}

/// Struct path → fields and `new`, for every struct of generated code.
fn structs(items: &[syn::Item], module: &str, out: &mut HashMap<String, Generated>) {
    for item in items {
        match item {
            syn::Item::Mod(m) => {
                if let Some((_, content)) = &m.content {
                    let path = format!("{module}{}::", m.ident);
                    structs(content, &path, out);
                }
            }
            syn::Item::Struct(s) => {
                let fields = s
                    .fields
                    .iter()
                    .filter_map(|f| f.ident.as_ref().map(ToString::to_string))
                    .collect();
                out.entry(format!("{module}{}", s.ident))
                    .or_default()
                    .fields = fields;
            }
            syn::Item::Impl(block) if block.trait_.is_none() => {
                let syn::Type::Path(ty) = &*block.self_ty else {
                    continue;
                };
                for item in &block.items {
                    if let syn::ImplItem::Fn(f) = item
                        && f.sig.ident == "new"
                    {
                        let params = f
                            .sig
                            .inputs
                            .iter()
                            .filter_map(|input| match input {
                                syn::FnArg::Typed(t) => match &*t.pat {
                                    syn::Pat::Ident(p) => Some(p.ident.to_string()),
                                    _ => None,
                                },
                                syn::FnArg::Receiver(_) => None,
                            })
                            .collect();
                        let name = format!("{module}{}", path_text(&ty.path));
                        out.entry(name).or_default().new_params = Some(params);
                    }
                }
            }
            _ => {}
        }
    }
}

/// `Path::new(…)` calls in an expression: (path as written, without `::new`; argument count).
fn constructions(expr: &syn::Expr, out: &mut Vec<(String, usize)>) {
    match expr {
        syn::Expr::Call(call) => {
            if let syn::Expr::Path(func) = &*call.func
                && func.path.segments.last().is_some_and(|s| s.ident == "new")
            {
                let mut path = func.path.clone();
                path.segments.pop();
                path.segments.pop_punct();
                // `Vec::new()` is an empty vector, not a generated struct.
                if path_text(&path) != "Vec" {
                    out.push((path_text(&path), call.args.len()));
                }
            }
            for arg in &call.args {
                constructions(arg, out);
            }
        }
        syn::Expr::MethodCall(call) => constructions(&call.receiver, out),
        _ => {}
    }
}

fn generated_structs() -> HashMap<String, Generated> {
    let mut out = HashMap::new();
    let api = tlforge_codegen::Config::new()
        .generate(&sources()[..1])
        .expect("generates");
    let mtproto = tlforge_codegen::Config::new()
        .generate(&[sources()[2].clone(), sources()[1].clone()])
        .expect("generates");
    for (code, prefix) in [
        (api, "tlforge_types::"),
        (mtproto, "tlforge_types::mtproto::"),
    ] {
        let file = syn::parse_file(&code).expect("generated code parses");
        structs(&file.items, prefix, &mut out);
    }
    out
}

#[test]
fn every_example_calls_new_with_the_required_fields_and_assigns_real_fields() {
    let pages = site();
    let generated = generated_structs();
    let mut checked = 0;
    let mut assignments = 0;
    let mut failures = Vec::new();
    for (path, page) in &pages {
        if !path.contains("methods/") {
            continue;
        }
        let code = example(page);
        let import = code
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("use "))
            .and_then(|l| l.strip_suffix(';'))
            .unwrap_or_else(|| panic!("{path}: no import"));
        let block: syn::Block = syn::parse_str(&format!("{{\n{code}\n}}"))
            .unwrap_or_else(|e| panic!("{path}: the example does not parse: {e}\n{code}"));
        let mut found = Vec::new();
        for stmt in &block.stmts {
            match stmt {
                syn::Stmt::Local(local) => {
                    if let Some(init) = &local.init {
                        constructions(&init.expr, &mut found);
                    }
                }
                // `request.FIELD = VALUE;`: a field of the request's struct.
                syn::Stmt::Expr(syn::Expr::Assign(assign), _) => {
                    assignments += 1;
                    let syn::Expr::Field(field) = &*assign.left else {
                        failures.push(format!("{path}: an assignment to no field"));
                        continue;
                    };
                    let member = match &field.member {
                        syn::Member::Named(ident) => ident.to_string(),
                        syn::Member::Unnamed(index) => index.index.to_string(),
                    };
                    let fields = generated.get(import).map(|g| &g.fields);
                    if !fields.is_some_and(|fields| fields.contains(&member)) {
                        failures.push(format!("{path}: {import} has no field {member}"));
                    }
                }
                _ => {}
            }
        }
        assert!(!found.is_empty(), "{path}: no call of new");
        for (i, (construction, args)) in found.iter().enumerate() {
            let full = if i == 0 {
                import.to_owned()
            } else {
                construction.clone()
            };
            checked += 1;
            match generated.get(&full).and_then(|g| g.new_params.as_ref()) {
                Some(params) if params.len() == *args => {}
                Some(params) => failures.push(format!(
                    "{path}: {full}::new takes {params:?}, the example passes {args} arguments"
                )),
                None => failures.push(format!("{path}: no {full}::new")),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} calls differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked > 1000, "only {checked} calls of new checked");
    // Every example of a method with optional fields (a mutable request) sets one.
    let mutable = pages
        .iter()
        .filter(|(path, page)| path.contains("methods/") && page.contains("let mut request ="))
        .count();
    assert_eq!(assignments, mutable);
    assert!(assignments > 200, "only {assignments} assignments checked");
}

/// Formats Rust statements the same way whatever their spacing (comments dropped).
fn normalize(code: &str) -> String {
    let file: syn::File = syn::parse_str(&format!("fn example() {{\n{code}\n}}"))
        .unwrap_or_else(|e| panic!("does not parse: {e}\n{code}"));
    prettyplease::unparse(&file)
}

/// Each example is compiled (and run) here, and must be the one its page shows.
macro_rules! compiled_examples {
    ($($page:literal => { $($code:tt)* })*) => {
        #[test]
        #[allow(unused_variables, unused_imports)]
        fn examples_compile_and_are_those_of_their_pages() {
            let pages = site();
            $(
                {
                    $($code)*
                }
                assert_eq!(
                    normalize(example(&pages[$page])),
                    normalize(stringify!($($code)*)),
                    "the example of {} changed", $page
                );
            )*
        }
    };
}

compiled_examples! {
    "methods/auth.cancelCode.md" => {
        use tlforge_types::functions::auth::CancelCode;
        use tlforge_types::{Deserializable, RemoteCall, Serializable};

        let request = CancelCode::new(
            "phone_number".to_owned(), // phone_number
            "phone_code_hash".to_owned(), // phone_code_hash
        );
        // Serialized, constructor id first, ready to be sent.
        let bytes: Vec<u8> = request.to_bytes();
        // Decoding gives the same request back (tlforge-types' features `deserializable-functions`, `partial-eq`).
        assert_eq!(<CancelCode as Deserializable>::from_bytes(&bytes), Ok(request));

        // The `result` of the `rpc_result` answering it decodes as its `Return` type.
        type Return = <CancelCode as RemoteCall>::Return;
        let read_answer = |result: &[u8]| -> Result<bool, _> { Return::from_bytes(result) };
    }
    "methods/auth.sendCode.md" => {
        use tlforge_types::functions::auth::SendCode;
        use tlforge_types::{Deserializable, RemoteCall, Serializable};

        let request = SendCode::new(
            "phone_number".to_owned(), // phone_number
            1, // api_id
            "api_hash".to_owned(), // api_hash
            tlforge_types::types::CodeSettings::new().into(), // settings
        );
        // Serialized, constructor id first, ready to be sent.
        let bytes: Vec<u8> = request.to_bytes();
        // Decoding gives the same request back (tlforge-types' features `deserializable-functions`, `partial-eq`).
        assert_eq!(<SendCode as Deserializable>::from_bytes(&bytes), Ok(request));

        // The `result` of the `rpc_result` answering it decodes as its `Return` type.
        type Return = <SendCode as RemoteCall>::Return;
        let read_answer = |result: &[u8]| -> Result<tlforge_types::enums::auth::SentCode, _> { Return::from_bytes(result) };
    }
    "methods/invokeWithLayer.md" => {
        use tlforge_types::functions::InvokeWithLayer;
        use tlforge_types::{Deserializable, RemoteCall, Serializable};

        let request = InvokeWithLayer::new(
            1, // layer
            tlforge_types::functions::help::GetConfig::new(), // query
        );
        // Serialized, constructor id first, ready to be sent.
        let bytes: Vec<u8> = request.to_bytes();
        // Decoding gives the same request back (tlforge-types' features `deserializable-functions`, `partial-eq`).
        assert_eq!(<InvokeWithLayer<tlforge_types::functions::help::GetConfig> as Deserializable>::from_bytes(&bytes), Ok(request));

        // The `result` of the `rpc_result` answering it decodes as its `Return` type.
        type Return = <InvokeWithLayer<tlforge_types::functions::help::GetConfig> as RemoteCall>::Return;
        let read_answer = |result: &[u8]| -> Result<tlforge_types::enums::Config, _> { Return::from_bytes(result) };
    }
    "methods/phone.toggleGroupCallRecord.md" => {
        use tlforge_types::functions::phone::ToggleGroupCallRecord;
        use tlforge_types::{Deserializable, RemoteCall, Serializable};

        let mut request = ToggleGroupCallRecord::new(
            tlforge_types::types::InputGroupCall::new(
                1, // id
                1, // access_hash
            ).into(), // call
        );
        // Optional fields start unset; set them by assignment.
        request.start = true;
        // Serialized, constructor id first, ready to be sent.
        let bytes: Vec<u8> = request.to_bytes();
        // Decoding gives the same request back (tlforge-types' features `deserializable-functions`, `partial-eq`).
        assert_eq!(<ToggleGroupCallRecord as Deserializable>::from_bytes(&bytes), Ok(request));

        // The `result` of the `rpc_result` answering it decodes as its `Return` type.
        type Return = <ToggleGroupCallRecord as RemoteCall>::Return;
        let read_answer = |result: &[u8]| -> Result<tlforge_types::enums::Updates, _> { Return::from_bytes(result) };
    }
    "methods/messages.requestUrlAuth.md" => {
        use tlforge_types::functions::messages::RequestUrlAuth;
        use tlforge_types::{Deserializable, RemoteCall, Serializable};

        let mut request = RequestUrlAuth::new();
        // Optional fields start unset; set them by assignment.
        request.url = Some("url".to_owned());
        // Serialized, constructor id first, ready to be sent.
        let bytes: Vec<u8> = request.to_bytes();
        // Decoding gives the same request back (tlforge-types' features `deserializable-functions`, `partial-eq`).
        assert_eq!(<RequestUrlAuth as Deserializable>::from_bytes(&bytes), Ok(request));

        // The `result` of the `rpc_result` answering it decodes as its `Return` type.
        type Return = <RequestUrlAuth as RemoteCall>::Return;
        let read_answer = |result: &[u8]| -> Result<tlforge_types::enums::UrlAuthResult, _> { Return::from_bytes(result) };
    }
    "methods/account.updatePasswordSettings.md" => {
        use tlforge_types::functions::account::UpdatePasswordSettings;
        use tlforge_types::{Deserializable, RemoteCall, Serializable};

        let request = UpdatePasswordSettings::new(
            tlforge_types::types::InputCheckPasswordEmpty::new().into(), // password
            tlforge_types::types::account::PasswordInputSettings::new().into(), // new_settings
        );
        // Serialized, constructor id first, ready to be sent.
        let bytes: Vec<u8> = request.to_bytes();
        // Decoding gives the same request back (tlforge-types' features `deserializable-functions`, `partial-eq`).
        assert_eq!(<UpdatePasswordSettings as Deserializable>::from_bytes(&bytes), Ok(request));

        // The `result` of the `rpc_result` answering it decodes as its `Return` type.
        type Return = <UpdatePasswordSettings as RemoteCall>::Return;
        let read_answer = |result: &[u8]| -> Result<bool, _> { Return::from_bytes(result) };
    }
    "methods/upload.saveFilePart.md" => {
        use tlforge_types::functions::upload::SaveFilePart;
        use tlforge_types::{Deserializable, RemoteCall, Serializable};

        let request = SaveFilePart::new(
            1, // file_id
            1, // file_part
            vec![1, 2, 3], // bytes
        );
        // Serialized, constructor id first, ready to be sent.
        let bytes: Vec<u8> = request.to_bytes();
        // Decoding gives the same request back (tlforge-types' features `deserializable-functions`, `partial-eq`).
        assert_eq!(<SaveFilePart as Deserializable>::from_bytes(&bytes), Ok(request));

        // The `result` of the `rpc_result` answering it decodes as its `Return` type.
        type Return = <SaveFilePart as RemoteCall>::Return;
        let read_answer = |result: &[u8]| -> Result<bool, _> { Return::from_bytes(result) };
    }
    "mtproto/methods/req_DH_params.md" => {
        use tlforge_types::mtproto::functions::ReqDhParams;
        use tlforge_types::{Deserializable, RemoteCall, Serializable};

        let request = ReqDhParams::new(
            [7; 16], // nonce
            [7; 16], // server_nonce
            vec![1, 2, 3], // p
            vec![1, 2, 3], // q
            1, // public_key_fingerprint
            vec![1, 2, 3], // encrypted_data
        );
        // Serialized, constructor id first, ready to be sent.
        let bytes: Vec<u8> = request.to_bytes();
        // Decoding gives the same request back (tlforge-types' features `deserializable-functions`, `partial-eq`).
        assert_eq!(<ReqDhParams as Deserializable>::from_bytes(&bytes), Ok(request));

        // The `result` of the `rpc_result` answering it decodes as its `Return` type.
        type Return = <ReqDhParams as RemoteCall>::Return;
        let read_answer = |result: &[u8]| -> Result<tlforge_types::mtproto::enums::ServerDhParams, _> { Return::from_bytes(result) };
    }
}

/// The names the search answers from (`search/names.js`): every page once, with its kind, its
/// page (an existing one, as HTML) and its first sentence; the error pages under their
/// catalogue names, `%d` kept.
#[test]
fn the_search_names_every_page() {
    let pages = site();
    let script = &pages[tlforge_cli::site::NAMES_JS];
    let json = script
        .split_once("window.tlforgeSearchNames = ")
        .and_then(|(_, rest)| rest.trim_end().strip_suffix(';'))
        .expect("names.js assigns one array");
    // Each row ends with a comma, JavaScript's trailing comma; JSON has none.
    let json = json.replace(",\n]", "\n]");
    let rows: Vec<(String, String, String, String)> =
        serde_json::from_str(&json).expect("names.js holds [name, kind, page, summary] rows");
    let listed: Vec<String> = rows
        .iter()
        .map(|(_, _, page, _)| page.replace(".html", ".md"))
        .collect();
    let mut expected: Vec<String> = pages
        .keys()
        .filter(|p| {
            p.ends_with(".md")
                && !["index.md", "SUMMARY.md", "errors/index.md"].contains(&p.as_str())
        })
        .cloned()
        .collect();
    let mut sorted = listed.clone();
    sorted.sort();
    expected.sort();
    assert_eq!(sorted, expected, "names.js lists every page once");
    let row = |name: &str, kind: &str| {
        rows.iter()
            .find(|(n, k, _, _)| n == name && k == kind)
            .unwrap_or_else(|| panic!("{name} ({kind}) is not in names.js"))
    };
    let (_, _, page, summary) = row("messages.sendMessage", "m");
    assert_eq!(page, "methods/messages.sendMessage.html");
    assert_eq!(summary, "Sends a message to a chat");
    assert_eq!(row("InputPeer", "t").2, "types/InputPeer.html");
    assert_eq!(
        row("inputPeerUser", "c").2,
        "constructors/inputPeerUser.html"
    );
    let (_, _, page, summary) = row("FLOOD_WAIT_%d", "e");
    assert_eq!(page, "errors/FLOOD_WAIT_%d.html");
    assert_eq!(summary, "420 · A wait of %d seconds is required");
    assert_eq!(
        row("req_pq_multi", "m").2,
        "mtproto/methods/req_pq_multi.html"
    );
    // The user type and the user constructor are two names the search tells apart by case.
    assert_eq!(row("User", "t").2, "types/User.html");
    assert_eq!(row("user", "c").2, "constructors/user.html");
}
