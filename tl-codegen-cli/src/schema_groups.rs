//! Several schema files that are not one schema: `schema/*.tl` holds the Telegram API
//! (`api.tl`) and the MTProto service schema (`mtproto.tl` with its `mtproto-envelope.tl`), which
//! tlforge-types generates separately (the API at the crate root, MTProto in `mtproto`) and which
//! are separate schemas (api.tl and mtproto-envelope.tl both declare a `message` constructor;
//! api.tl and mtproto.tl alone happen not to clash, but are still two schemas).
//!
//! The command line names each schema explicitly ([`explicit_groups`]: `--schema
//! mtproto.tl,mtproto-envelope.tl`). [`group_sources`] instead splits a list of files into such
//! schemas, for programs that get a plain list of files:
//!
//! 1. `NAME-PART.tl` is read together with `NAME.tl` when both are given (`mtproto-envelope.tl`
//!    completes `mtproto.tl`); every other file starts a schema of its own.
//! 2. A schema that does not parse on its own (a file that uses types declared in another one)
//!    is merged into the first other schema it parses together with.
//!
//! The schema holding the first file given is the main one: its [`SchemaGroup::name`] is empty.
//! The others are named after their first file (`mtproto`), which is also the module tlforge-types
//! puts them in.

use tlforge_parser::{Parsed, Report, SourceFile};

/// Files read together as one schema.
#[derive(Debug, Clone)]
pub struct SchemaGroup {
    /// Positions of the files in the list given, in the order they were read.
    pub files: Vec<usize>,
    /// The files themselves, in that order (diagnostic locations index into this).
    pub sources: Vec<SourceFile>,
    /// The parsed schema.
    pub parsed: Parsed,
    /// Empty for the main schema; otherwise the snake_case stem of its first file (`mtproto`).
    pub name: String,
}

/// A schema that parses neither alone nor together with any other.
#[derive(Debug, Clone)]
pub struct GroupError {
    /// The files of that schema, in the order read (diagnostic locations index into this).
    pub sources: Vec<SourceFile>,
    /// Its diagnostics, read alone.
    pub report: Report,
}

/// `dir/mtproto-envelope.tl` → `mtproto-envelope`.
fn stem(path: &str) -> &str {
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    file.strip_suffix(".tl").unwrap_or(file)
}

/// The name of the next group after `groups`, whose first file has the stem `stem`: empty for
/// the main (first) one, else the stem as a module name, unique among them.
fn group_name(groups: &[SchemaGroup], stem: &str) -> String {
    if groups.is_empty() {
        return String::new();
    }
    let mut name = tlforge_codegen::naming::module_name(stem);
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 's');
    }
    while groups.iter().any(|g| g.name == name) {
        name.push('_');
    }
    name
}

/// Splits `sources` into schemas (see the module documentation).
pub fn group_sources(sources: &[SourceFile]) -> Result<Vec<SchemaGroup>, GroupError> {
    let stems: Vec<&str> = sources.iter().map(|s| stem(&s.name)).collect();
    // Base file of each file: the `NAME.tl` of a `NAME-PART.tl`, or itself.
    let base: Vec<usize> = stems
        .iter()
        .enumerate()
        .map(|(i, s)| {
            s.split_once('-')
                .and_then(|(prefix, _)| stems.iter().position(|other| *other == prefix))
                .filter(|&j| j != i)
                .unwrap_or(i)
        })
        .collect();
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut bases: Vec<usize> = Vec::new();
    // Groups in the order of their base files; each base file first, then its parts.
    let mut order: Vec<usize> = (0..sources.len()).filter(|&i| base[i] == i).collect();
    order.sort_unstable();
    for &b in &order {
        bases.push(b);
        let mut files = vec![b];
        files.extend((0..sources.len()).filter(|&i| i != b && base[i] == b));
        members.push(files);
    }
    let parse = |files: &[usize]| {
        let group: Vec<SourceFile> = files.iter().map(|&i| sources[i].clone()).collect();
        let result = tlforge_parser::parse_schema(&group);
        (group, result)
    };
    let mut parsed: Vec<Option<(Vec<SourceFile>, Parsed)>> = Vec::new();
    let mut failed: Vec<(usize, Vec<SourceFile>, Report)> = Vec::new();
    for (k, files) in members.iter().enumerate() {
        match parse(files) {
            (group, Ok(p)) => parsed.push(Some((group, p))),
            (group, Err(report)) => {
                parsed.push(None);
                failed.push((k, group, report));
            }
        }
    }
    for (k, group, report) in failed {
        let merged = (0..members.len())
            .filter(|&other| other != k && parsed[other].is_some())
            .find_map(|other| {
                let mut files = members[other].clone();
                files.extend(members[k].iter().copied());
                match parse(&files) {
                    (group, Ok(p)) => Some((other, files, group, p)),
                    (_, Err(_)) => None,
                }
            });
        match merged {
            Some((other, files, group, p)) => {
                members[other] = files;
                members[k].clear();
                parsed[other] = Some((group, p));
            }
            None => {
                return Err(GroupError {
                    sources: group,
                    report,
                });
            }
        }
    }
    let mut groups: Vec<SchemaGroup> = Vec::new();
    for ((files, slot), b) in members.into_iter().zip(parsed).zip(bases) {
        let Some((group_sources, parsed)) = slot else {
            continue;
        };
        if files.is_empty() {
            continue;
        }
        let name = group_name(&groups, stems[b]);
        groups.push(SchemaGroup {
            files,
            sources: group_sources,
            parsed,
            name,
        });
    }
    Ok(groups)
}

/// Schemas given explicitly, each a list of files read together (the command line's rule:
/// the files of one `--schema a.tl,b.tl` are one schema). The first is the main one; the
/// others are named as [`group_sources`] names them. `files` index the flattened list.
pub fn explicit_groups(sets: &[Vec<SourceFile>]) -> Result<Vec<SchemaGroup>, GroupError> {
    let mut groups: Vec<SchemaGroup> = Vec::new();
    let mut next = 0;
    for set in sets {
        let parsed = tlforge_parser::parse_schema(set).map_err(|report| GroupError {
            sources: set.clone(),
            report,
        })?;
        let name = group_name(&groups, set.first().map_or("schema", |s| stem(&s.name)));
        groups.push(SchemaGroup {
            files: (next..next + set.len()).collect(),
            sources: set.clone(),
            parsed,
            name,
        });
        next += set.len();
    }
    Ok(groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> SourceFile {
        SourceFile::new(name, text)
    }

    #[test]
    fn parts_join_their_base_and_dependent_files_merge() {
        let sources = [
            file("dir/api.tl", "message#1 id:int = Message;\n"),
            file("dir/mtproto-envelope.tl", "message#2 n:long = Message;\n"),
            file("dir/mtproto.tl", "ping#3 = Pong;\n"),
            file("dir/extra.tl", "wrap#4 m:Message = Wrap;\n"),
        ];
        let groups = group_sources(&sources).unwrap();
        let files: Vec<&[usize]> = groups.iter().map(|g| g.files.as_slice()).collect();
        // extra.tl needs `Message`: it joins the first schema it parses with.
        assert_eq!(files, [&[0, 3][..], &[2, 1][..]]);
        let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["", "mtproto"]);
    }

    #[test]
    fn an_unusable_file_is_an_error() {
        let sources = [
            file("a.tl", "a#1 = A;\n"),
            file("b.tl", "b#2 x:Missing = B;\n"),
        ];
        let error = group_sources(&sources).unwrap_err();
        assert_eq!(error.sources.len(), 1);
        assert_eq!(error.sources[0].name, "b.tl");
    }
}
