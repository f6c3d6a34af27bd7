//! Issue 21: code written against one layer compiles against the next. `src/user_program.rs`
//! builds seven requests (and `inputMediaUploadedPhoto`) with `new` and assignment; it is
//! compiled here unchanged against the Telegram API of layer 222 and of layer 230, each
//! generated with `Config::non_exhaustive(true)` into a crate of its own (`layer-222/`,
//! `layer-230/`), as tlforge-types is. The tests check that the requests serialize under each
//! layer's ids, and count how many of the definitions changed between the layers (each one a
//! compile error for the same program written with struct literals).

/// The program compiled against layer 222.
pub mod on_layer_222 {
    use tlforge_layer_222 as tl;

    include!("user_program.rs");
}

/// The program compiled against layer 230.
pub mod on_layer_230 {
    use tlforge_layer_230 as tl;

    include!("user_program.rs");
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use tlforge_parser::{Definition, ParameterKind, SourceFile};

    const LAYER_222: &str = include_str!("../../fixtures/corpus/telegram-api.tl");
    const LAYER_230: &str = include_str!("../../../schema/api.tl");

    /// The definitions the program builds.
    const BUILT: [&str; 8] = [
        "messages.sendMessage",
        "messages.editMessage",
        "messages.forwardMessages",
        "messages.saveDraft",
        "messages.sendMedia",
        "inputMediaUploadedPhoto",
        "contacts.search",
        "messages.searchGlobal",
    ];

    fn definitions(name: &str, text: &str) -> HashMap<String, Definition> {
        let parsed = tlforge_parser::parse_schema(&[SourceFile::new(name, text)])
            .unwrap_or_else(|report| panic!("{name}: {report:?}"));
        parsed
            .schema
            .definitions
            .into_iter()
            .map(|def| (def.name.to_string(), def))
            .collect()
    }

    /// The parameters of a definition as written (`name:flags.N?Type`), and those `new` takes:
    /// the values behind no flag.
    fn params(def: &Definition) -> (Vec<String>, Vec<String>) {
        let mut all = Vec::new();
        let mut required = Vec::new();
        for param in &def.params {
            match &param.kind {
                ParameterKind::Value { ty, flag: None } => {
                    all.push(format!("{}:{ty}", param.name));
                    required.push(format!("{}:{ty}", param.name));
                }
                ParameterKind::Value {
                    ty,
                    flag: Some(flag),
                } => all.push(format!("{}:{}.{}?{ty}", param.name, flag.field, flag.bit)),
                ParameterKind::Nat | ParameterKind::Repeated { .. } => {
                    all.push(format!("{}:#", param.name));
                }
            }
        }
        (all, required)
    }

    #[test]
    fn the_layers_changed_what_the_program_builds_but_not_what_new_takes() {
        let old = definitions("telegram-api.tl", LAYER_222);
        let new = definitions("api.tl", LAYER_230);
        let mut changed = Vec::new();
        for name in BUILT {
            let (old_all, old_required) = params(&old[name]);
            let (new_all, new_required) = params(&new[name]);
            assert_eq!(
                old_required, new_required,
                "{name}: the required fields changed"
            );
            if old_all != new_all {
                changed.push(name);
            }
        }
        println!(
            "{} of {} definitions the program builds changed between layers 222 and 230 \
             (a struct literal of each would no longer compile): {changed:?}",
            changed.len(),
            BUILT.len()
        );
        // Only messages.sendMedia is the same in both.
        assert_eq!(changed.len(), 7, "{changed:?}");
    }

    #[test]
    fn the_program_serializes_its_requests_under_each_layers_ids() {
        let old = definitions("telegram-api.tl", LAYER_222);
        let new = definitions("api.tl", LAYER_230);
        for (requests, defs) in [
            (super::on_layer_222::requests(), &old),
            (super::on_layer_230::requests(), &new),
        ] {
            for (name, bytes) in requests {
                assert_eq!(bytes[..4], defs[name].id.to_le_bytes(), "{name}");
            }
        }
        // What the assignments set is on the wire: `silent` is bit 5 of sendMessage's flags.
        let bytes = &super::on_layer_230::requests()[0].1;
        let flags = u32::from_le_bytes(bytes[4..8].try_into().expect("4 bytes"));
        assert_eq!(flags & (1 << 5), 1 << 5);
    }
}
