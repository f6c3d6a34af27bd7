//! One schema as several crates that rustc compiles in parallel (`Config::generate_split`).
//!
//! rustc checks a crate on one thread, so a 3,000-item API is one long serial job. The items
//! are split into [`PARTS`] crates in three stages of two: a crate depends on every crate of
//! the earlier stages, so cargo compiles the two crates of a stage side by side. First the
//! functions' TL namespaces are divided between two halves; what both halves reach is the
//! base. Then the stages:
//!
//! 1. the lower layers of the base (items whose chain of references inside the base is
//!    short), and the items of the halves that reach no base item at all;
//! 2. the rest of the base, and the items of the halves that reach only its lower layers;
//! 3. what is left of the halves.
//!
//! Each stage's items are divided between its two crates along connected components of the
//! references inside the stage (the two must not refer to each other), the heaviest first,
//! each into the lighter crate. The layer boundary is the one that makes the sum over stages
//! of the heavier crate's weight smallest. Every reference stays inside its crate or points
//! into an earlier stage: the base is closed under references (what both halves reach, they
//! reach through everything it uses), and an item of a half goes no earlier than what it
//! reaches. A facade crate re-exports all of them under the usual paths (`types::…`,
//! `enums::…`, `functions::…`).

use std::collections::{BTreeMap, BTreeSet};

use tlforge_parser::{Category, ParameterKind};

use crate::naming;
use crate::rust_model::{References, RustSchema, strongly_connected_components};

/// How many crates a split schema has: three stages of two.
pub const PARTS: usize = 6;

/// The stage (0, 1, 2) of part `part`: it depends on every part of the earlier stages.
pub fn stage(part: usize) -> usize {
    part / 2
}

/// The parts that part `part` depends on: those of the earlier stages.
pub fn dependencies(part: usize) -> std::ops::Range<usize> {
    0..2 * stage(part)
}

/// The part of every node of [`RustSchema::item_graph`] (definitions, then enums).
pub struct Partition {
    part: Vec<usize>,
    /// The TL namespaces whose functions are in each half.
    pub namespaces: [Vec<String>; 2],
}

/// Which side of the namespace split an item is on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    /// Reached from both halves (or from the root functions).
    Base,
    Half(usize),
}

impl Partition {
    /// Splits `rust`'s items: namespaces into halves by a greedy search that keeps the base
    /// small and the halves even, then stages and crates as the module documentation says.
    pub fn new(rust: &RustSchema<'_>) -> Partition {
        let defs = rust.schema.definitions.len();
        let edges = rust.item_graph(References::All);
        let weight = node_weights(rust, defs, edges.len());
        let (side, namespaces) = split_namespaces(rust, &edges, &weight);
        let part = layer(rust, &edges, &weight, &side);
        Partition { part, namespaces }
    }

    /// The part (0..[`PARTS`]) of node `node` of [`RustSchema::item_graph`].
    pub fn part(&self, node: usize) -> usize {
        self.part[node]
    }

    /// The part of the `k`-th enum of [`RustSchema::enums`].
    pub fn of_enum(&self, rust: &RustSchema<'_>, k: usize) -> usize {
        self.part[rust.schema.definitions.len() + k]
    }

    /// Splits `rust`'s items keeping those `plan` places where it places them (a layer update
    /// then moves nothing that did not change): new items go where [`Partition::new`] would
    /// put them; a new item that a planned item cannot see goes into that item's crate (once);
    /// otherwise an item that would refer to an item of a later stage, or of the other crate
    /// of its stage, moves to the earliest crate from which it sees everything it refers to
    /// (its own lane first), until every reference is allowed again; should that not settle,
    /// the partition is made afresh. Items of the plan the schema no longer has are dropped.
    pub fn with_plan(rust: &RustSchema<'_>, plan: &Plan) -> Partition {
        let fresh = Partition::new(rust);
        let defs = rust.schema.definitions.len();
        let edges = rust.item_graph(References::All);
        let keys = item_keys(rust);
        let planned: Vec<Option<usize>> = keys
            .iter()
            .map(|key| key.as_ref().and_then(|key| plan.parts.get(key).copied()))
            .collect();
        let mut part: Vec<usize> = (0..edges.len())
            .map(|node| planned[node].unwrap_or(fresh.part[node]))
            .collect();
        // A new item goes, once, into the crate of the first planned item that cannot see it,
        // rather than moving that item; after that, whoever refers to it moves.
        let mut pulled = vec![false; edges.len()];
        let allowed = |from: usize, to: usize| from == to || stage(from) > stage(to);
        // An item that cannot see what it refers to moves to the earliest crate from which it
        // sees all of it, its own lane first: moves only go forward (or across to the other
        // lane of a stage), so this ends; the bound guards against lane ping-pong.
        for _ in 0..2 * edges.len() {
            let mut moved = false;
            for node in (0..edges.len()).filter(|&n| is_item(rust, defs, n)) {
                let targets = || {
                    edges[node]
                        .iter()
                        .copied()
                        .filter(|&t| t != node && is_item(rust, defs, t))
                };
                let Some(blocked) = targets().find(|&t| !allowed(part[node], part[t])) else {
                    continue;
                };
                moved = true;
                if planned[blocked].is_none() && !pulled[blocked] {
                    pulled[blocked] = true;
                    part[blocked] = part[node];
                    continue;
                }
                let lane = part[node] % 2;
                let sees_all = |candidate: usize| targets().all(|t| allowed(candidate, part[t]));
                part[node] = (part[node]..PARTS)
                    .flat_map(|p| {
                        let first = 2 * stage(p);
                        [first + lane, first + 1 - lane]
                    })
                    .find(|&candidate| candidate >= 2 * stage(part[node]) && sees_all(candidate))
                    .unwrap_or(part[blocked]);
            }
            if !moved {
                break;
            }
        }
        let keeps_references = (0..edges.len())
            .filter(|&n| is_item(rust, defs, n))
            .all(|n| {
                edges[n]
                    .iter()
                    .all(|&t| !is_item(rust, defs, t) || allowed(part[n], part[t]))
            });
        // Should the moves not settle (references to both crates of the last stage from one
        // item), the plan cannot be kept: partition afresh.
        if !keeps_references {
            return fresh;
        }
        Partition {
            part,
            namespaces: fresh.namespaces,
        }
    }

    /// The plan of this partition: every item and its part, one line each, sorted.
    pub fn plan(&self, rust: &RustSchema<'_>) -> Plan {
        let parts = item_keys(rust)
            .into_iter()
            .enumerate()
            .filter_map(|(node, key)| Some((key?, self.part[node])))
            .collect();
        Plan {
            parts,
            files: Default::default(),
        }
    }
}

/// Where each item of a split schema lives, as committed beside the generated crates
/// (`generate --split-plan FILE`): read before generating, so that a layer update leaves
/// every item where it was ([`Partition::with_plan`]); written after.
///
/// The text is one line per item, sorted: the part (`1a` … `3b`), the kind (`constructor`,
/// `function`, `type`) and the TL name, `2b function auth.sendCode`; `#` starts a comment.
/// A module whose items are in files by name ([`crate::source_tree`]) has a line of its own
/// naming the files' prefixes, `1a files types a b c inl inputb`, so that an item stays in its
/// file too.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    parts: BTreeMap<String, usize>,
    /// Per part, the modules whose items are in files by name (`types/auth`), and the
    /// prefixes of those files.
    pub files: [BTreeMap<String, Vec<String>>; PARTS],
}

/// The name of part `part` in a plan: `1a`, `1b`, `2a`, …
pub fn part_name(part: usize) -> String {
    format!(
        "{}{}",
        stage(part) + 1,
        if part % 2 == 0 { 'a' } else { 'b' }
    )
}

impl Plan {
    /// Reads a plan; the error names the line and what is wrong with it.
    pub fn parse(text: &str) -> Result<Plan, String> {
        let mut parts = BTreeMap::new();
        let mut files: [BTreeMap<String, Vec<String>>; PARTS] = Default::default();
        for (index, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            let wrong = |what: &str| format!("line {}: {what}: `{line}`", index + 1);
            let mut words = line.split_whitespace();
            if let (Some(name), Some("files"), Some(module)) =
                (words.next(), words.next(), words.next())
            {
                let part = (0..PARTS)
                    .find(|&p| part_name(p) == name)
                    .ok_or_else(|| wrong("the part is not one of 1a 1b 2a 2b 3a 3b"))?;
                let prefixes: Vec<String> = words.map(str::to_owned).collect();
                if prefixes.is_empty() {
                    return Err(wrong("expected `PART files MODULE PREFIX…`"));
                }
                if files[part].insert(module.to_owned(), prefixes).is_some() {
                    return Err(wrong("the module is listed twice"));
                }
                continue;
            }
            let mut words = line.split_whitespace();
            let (Some(name), Some(kind), Some(item), None) =
                (words.next(), words.next(), words.next(), words.next())
            else {
                return Err(wrong("expected `PART KIND NAME`"));
            };
            let part = (0..PARTS)
                .find(|&p| part_name(p) == name)
                .ok_or_else(|| wrong("the part is not one of 1a 1b 2a 2b 3a 3b"))?;
            if !matches!(kind, "constructor" | "function" | "type") {
                return Err(wrong("the kind is not constructor, function or type"));
            }
            if parts.insert(format!("{kind} {item}"), part).is_some() {
                return Err(wrong("the item is listed twice"));
            }
        }
        Ok(Plan { parts, files })
    }

    /// The text of the plan (see [`Plan`]).
    pub fn to_text(&self) -> String {
        let mut lines: Vec<String> = self
            .parts
            .iter()
            .map(|(key, &part)| format!("{} {key}", part_name(part)))
            .collect();
        for (part, modules) in self.files.iter().enumerate() {
            for (module, prefixes) in modules {
                lines.push(format!(
                    "{} files {module} {}",
                    part_name(part),
                    prefixes.join(" ")
                ));
            }
        }
        lines.sort();
        let mut text = String::from(
            "# Where each item of the split API lives (tlforge generate --split-plan): kept\n\
             # across layer updates so that items do not move between crates; delete this file\n\
             # (or pass --rebalance) to partition afresh. `files` lines: the files a large\n\
             # module's items are in, by the first letters of their names.\n",
        );
        for line in lines {
            text.push_str(&line);
            text.push('\n');
        }
        text
    }

    /// How many items it places (besides the files of modules).
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// Whether it places nothing.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }
}

/// The plan key of every node: `function auth.sendCode`, `constructor user`, `type User`;
/// `None` for nodes that are no item.
fn item_keys(rust: &RustSchema<'_>) -> Vec<Option<String>> {
    let defs = rust.schema.definitions.len();
    let mut keys: Vec<Option<String>> = (0..defs)
        .map(|index| {
            rust.paths.contains_key(&index).then(|| {
                let def = rust.def(index);
                let kind = match def.category {
                    Category::Function => "function",
                    Category::Constructor => "constructor",
                };
                format!("{kind} {}", def.name)
            })
        })
        .collect();
    keys.extend(rust.enums.keys().map(|name| Some(format!("type {name}"))));
    keys
}

/// Divides the functions' namespaces between two halves: the side of every node and the
/// namespaces of each half.
fn split_namespaces(
    rust: &RustSchema<'_>,
    edges: &[Vec<usize>],
    weight: &[u64],
) -> (Vec<Side>, [Vec<String>; 2]) {
    let defs = rust.schema.definitions.len();
    let nodes = edges.len();
    // Functions by namespace; root functions (`invokeWithLayer`) have none and go to the
    // base with what they reach.
    let mut by_namespace: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    let mut root = Vec::new();
    for &index in &rust.items {
        let def = rust.def(index);
        if def.category != Category::Function {
            continue;
        }
        match def.name.namespace.first() {
            Some(ns) => by_namespace
                .entry(naming::module_name(ns))
                .or_default()
                .push(index),
            None => root.push(index),
        }
    }
    let namespaces: Vec<&String> = by_namespace.keys().collect();
    let reach: Vec<BTreeSet<usize>> = namespaces
        .iter()
        .map(|ns| reachable(edges, by_namespace[*ns].iter().copied()))
        .collect();
    let always = reachable(edges, root.into_iter());
    // Items no function reaches (types a client only receives in updates, say) follow
    // the second half, as if one of its functions used them.
    let reached: BTreeSet<usize> = reach.iter().flatten().chain(&always).copied().collect();
    let unreached = reachable(
        edges,
        (0..nodes).filter(|&n| is_item(rust, defs, n) && !reached.contains(&n)),
    );

    let assign = |in_first: &[bool]| -> Vec<Side> {
        let mut first: BTreeSet<usize> = BTreeSet::new();
        let mut second = unreached.clone();
        for (k, set) in reach.iter().enumerate() {
            if in_first[k] {
                first.extend(set);
            } else {
                second.extend(set);
            }
        }
        (0..nodes)
            .map(|n| match (first.contains(&n), second.contains(&n)) {
                _ if always.contains(&n) => Side::Base,
                (true, true) => Side::Base,
                (true, false) => Side::Half(0),
                _ => Side::Half(1),
            })
            .collect()
    };
    let cost = |sides: &[Side]| -> u64 {
        let mut sums = [0u64; 3];
        for (n, side) in sides.iter().enumerate() {
            let slot = match side {
                Side::Base => 0,
                Side::Half(h) => 1 + h,
            };
            sums[slot] += weight[n];
        }
        sums[0] + sums[1].max(sums[2])
    };
    // Greedy: move one namespace at a time to the other half while that shortens the
    // chain. Deterministic (namespaces in name order), so the output is stable.
    let mut in_first = vec![false; namespaces.len()];
    let mut best = cost(&assign(&in_first));
    loop {
        let mut improved = false;
        for k in 0..namespaces.len() {
            in_first[k] = !in_first[k];
            let candidate = cost(&assign(&in_first));
            if candidate < best {
                best = candidate;
                improved = true;
            } else {
                in_first[k] = !in_first[k];
            }
        }
        if !improved {
            break;
        }
    }
    let mut halves: [Vec<String>; 2] = Default::default();
    for (k, ns) in namespaces.iter().enumerate() {
        halves[usize::from(!in_first[k])].push((*ns).clone());
    }
    (assign(&in_first), halves)
}

/// The part of every node, from its side: the stages and crates of the module documentation.
fn layer(rust: &RustSchema<'_>, edges: &[Vec<usize>], weight: &[u64], side: &[Side]) -> Vec<usize> {
    let defs = rust.schema.definitions.len();
    let nodes = edges.len();
    // Strongly connected components, sinks first: a component's references are all
    // numbered higher (or are its own), so they are done before it.
    let component = strongly_connected_components(edges);
    let count = component.iter().max().map_or(0, |&c| c + 1);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (node, &c) in component.iter().enumerate() {
        members[c].push(node);
    }
    // `height`: for a base component, its weight plus the tallest base component it refers
    // to (so a layer boundary on heights keeps every lower layer closed under references).
    // `reached`: the tallest base height a node reaches, 0 for none.
    let mut height = vec![0u64; count];
    let mut reached = vec![0u64; count];
    for c in (0..count).rev() {
        let mut below = 0;
        for &node in &members[c] {
            for &target in &edges[node] {
                if component[target] != c {
                    below = below.max(reached[component[target]]);
                }
            }
        }
        // Mutual references put a component's nodes on one side.
        if side[members[c][0]] == Side::Base {
            let own: u64 = members[c].iter().map(|&n| weight[n]).sum();
            height[c] = below + own;
            reached[c] = height[c];
        } else {
            reached[c] = below;
        }
    }
    let items: Vec<usize> = (0..nodes).filter(|&n| is_item(rust, defs, n)).collect();
    // `NO_STAGE` for nodes that are no item.
    let stage_at = |boundary: u64, node: usize| -> usize {
        let c = component[node];
        if !is_item(rust, defs, node) {
            return NO_STAGE;
        }
        match side[node] {
            Side::Base if height[c] <= boundary => 0,
            Side::Base => 1,
            Side::Half(_) if reached[c] == 0 => 0,
            Side::Half(_) if reached[c] <= boundary => 1,
            Side::Half(_) => 2,
        }
    };
    let neighbours = undirected(edges);
    // Every distinct height is a candidate boundary (0: the whole base in stage 2); the
    // lowest of the cheapest wins, for a stable output.
    let mut candidates: Vec<u64> = std::iter::once(0)
        .chain(items.iter().map(|&n| height[component[n]]))
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    let (_, parts) = candidates
        .into_iter()
        .map(|boundary| {
            let stages: Vec<usize> = (0..nodes).map(|n| stage_at(boundary, n)).collect();
            lanes(&neighbours, weight, &stages)
        })
        .min_by_key(|(cost, _)| *cost)
        .expect("0 is a candidate");
    parts
}

/// The stage of a node that is no item (an unused definition slot).
const NO_STAGE: usize = usize::MAX;

/// Splits each stage's items into its two crates: by connected components of the references
/// inside the stage (the two crates of a stage must not refer to each other), the heaviest
/// first, each into the lighter crate. Returns the cost (the sum over stages of the heavier
/// crate's weight) and the part of every node (those of [`NO_STAGE`] go to part 0).
fn lanes(neighbours: &[Vec<usize>], weight: &[u64], stages: &[usize]) -> (u64, Vec<usize>) {
    let mut part = vec![0; stages.len()];
    let mut cost = 0;
    for stage in 0..PARTS / 2 {
        // Components in the order of their first node, then heaviest first (stable sort).
        let mut seen = vec![false; stages.len()];
        let mut components: Vec<(u64, Vec<usize>)> = Vec::new();
        for start in (0..stages.len()).filter(|&n| stages[n] == stage) {
            if seen[start] {
                continue;
            }
            seen[start] = true;
            let mut members = vec![start];
            let mut next = 0;
            while let Some(&node) = members.get(next) {
                next += 1;
                for &other in &neighbours[node] {
                    if stages[other] == stage && !seen[other] {
                        seen[other] = true;
                        members.push(other);
                    }
                }
            }
            let total = members.iter().map(|&n| weight[n]).sum();
            components.push((total, members));
        }
        components.sort_by_key(|(total, _)| std::cmp::Reverse(*total));
        let mut load = [0u64; 2];
        for (total, members) in components {
            let lane = usize::from(load[1] < load[0]);
            load[lane] += total;
            for node in members {
                part[node] = 2 * stage + lane;
            }
        }
        cost += load[0].max(load[1]);
    }
    (cost, part)
}

/// Each node's neighbours, references followed either way.
fn undirected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut neighbours = vec![Vec::new(); edges.len()];
    for (from, targets) in edges.iter().enumerate() {
        for &to in targets {
            neighbours[from].push(to);
            neighbours[to].push(from);
        }
    }
    neighbours
}

/// Roughly what each item costs rustc: one per field or variant, plus the item itself.
fn node_weights(rust: &RustSchema<'_>, defs: usize, nodes: usize) -> Vec<u64> {
    let mut weight = vec![0u64; nodes];
    for &index in &rust.items {
        let fields = rust
            .def(index)
            .params
            .iter()
            .filter(|p| matches!(p.kind, ParameterKind::Value { .. }))
            .count();
        weight[index] = 2 + fields as u64;
    }
    for (k, (_, ctors)) in rust.enums.values().enumerate() {
        weight[defs + k] = 2 + ctors.len() as u64;
    }
    weight
}

/// True for nodes that stand for a generated item (struct nodes exist only for emitted
/// definitions; the others are unused slots).
pub(crate) fn is_item(rust: &RustSchema<'_>, defs: usize, node: usize) -> bool {
    node >= defs || rust.paths.contains_key(&node)
}

/// Every node reachable from `seeds` (seeds included).
pub(crate) fn reachable(
    edges: &[Vec<usize>],
    seeds: impl Iterator<Item = usize>,
) -> BTreeSet<usize> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<usize> = seeds.collect();
    while let Some(node) = stack.pop() {
        if seen.insert(node) {
            stack.extend(edges[node].iter().copied().filter(|n| !seen.contains(n)));
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use tlforge_parser::{SourceFile, parse_schema};

    use super::*;

    fn api() -> tlforge_parser::Schema {
        let text = include_str!("../../schema/api.tl");
        parse_schema(&[SourceFile::new("api.tl", text)])
            .expect("valid schema")
            .schema
    }

    /// The property that lets every crate compile: whatever an item refers to is in its own
    /// part or in a part it depends on.
    #[test]
    fn every_reference_stays_in_its_part_or_points_into_an_earlier_stage() {
        let schema = api();
        let rust = RustSchema::new(&schema).expect("supported schema");
        let partition = Partition::new(&rust);
        let edges = rust.item_graph(References::All);
        let defs = rust.schema.definitions.len();
        let mut weights = [0u64; PARTS];
        let weight = node_weights(&rust, defs, edges.len());
        for (node, targets) in edges.iter().enumerate() {
            let from = partition.part(node);
            if is_item(&rust, defs, node) {
                weights[from] += weight[node];
            }
            for &to in targets {
                let to = partition.part(to);
                assert!(
                    to == from || dependencies(from).contains(&to),
                    "{node}: part {from} uses part {to}"
                );
            }
        }
        // A split worth its crates: no part holds more than a third of the API, and the
        // longest chain (the larger crate of each stage) is well below the whole.
        let total: u64 = weights.iter().sum();
        assert!(weights.iter().all(|&w| w * 3 < total), "{weights:?}");
        let chain: u64 = (0..3).map(|s| weights[2 * s].max(weights[2 * s + 1])).sum();
        assert!(chain * 10 < total * 7, "{weights:?}");
        assert!(partition.namespaces.iter().all(|h| !h.is_empty()));
    }

    /// Whether every reference of `partition` is allowed (the property that lets every crate
    /// compile).
    fn references_allowed(rust: &RustSchema<'_>, partition: &Partition) -> Result<(), String> {
        let edges = rust.item_graph(References::All);
        let defs = rust.schema.definitions.len();
        for (node, targets) in edges.iter().enumerate() {
            if !is_item(rust, defs, node) {
                continue;
            }
            let from = partition.part(node);
            for &target in targets {
                let to = partition.part(target);
                if is_item(rust, defs, target) && to != from && !dependencies(from).contains(&to) {
                    return Err(format!("{node} (part {from}) uses {target} (part {to})"));
                }
            }
        }
        Ok(())
    }

    #[test]
    fn a_plan_round_trips_and_keeps_an_unchanged_schema_as_it_was() {
        let schema = api();
        let rust = RustSchema::new(&schema).expect("supported schema");
        let fresh = Partition::new(&rust);
        let plan = fresh.plan(&rust);
        // schema/api.tl: its generated constructors, functions and types.
        assert_eq!(plan.len(), 3_197);
        assert_eq!(Plan::parse(&plan.to_text()), Ok(plan.clone()));
        let kept = Partition::with_plan(&rust, &plan);
        assert_eq!(kept.part, fresh.part);
        assert!(
            plan.to_text()
                .contains("\n1a constructor account.chatThemesNotModified\n")
        );
    }

    #[test]
    fn plans_with_mistakes_are_errors_naming_the_line() {
        for (text, message) in [
            (
                "4a type User",
                "line 1: the part is not one of 1a 1b 2a 2b 3a 3b: `4a type User`",
            ),
            (
                "1a struct User",
                "line 1: the kind is not constructor, function or type: `1a struct User`",
            ),
            (
                "# c\n1a type User\n2b type User",
                "line 3: the item is listed twice: `2b type User`",
            ),
            ("1a type", "line 1: expected `PART KIND NAME`: `1a type`"),
            (
                "1a type User extra",
                "line 1: expected `PART KIND NAME`: `1a type User extra`",
            ),
        ] {
            assert_eq!(Plan::parse(text), Err(message.to_owned()), "{text}");
        }
        assert_eq!(
            Plan::parse("# only a comment\n\n").map(|p| p.is_empty()),
            Ok(true)
        );
    }

    /// A layer update with the plan kept: a new item that an old one now refers to goes into
    /// the old item's crate; an old item that now refers to the other crate of its stage moves
    /// there (the earliest crate that sees what it uses), and what it breaks follows; the rest
    /// stays; every reference stays allowed.
    #[test]
    fn a_kept_plan_moves_only_what_a_new_reference_forces() {
        let parse = |text: &str| {
            parse_schema(&[SourceFile::new("t.tl", text)])
                .expect("valid schema")
                .schema
        };
        let plan = Plan::parse(
            "1a constructor a\n1a type A\n1b constructor b\n1b type B\n\
             2a function x.f\n2b function y.g\n",
        )
        .unwrap();
        // Before: `a = A; b = B; x.f a:A = A; y.g b:B = B;`. After: `a` refers to a new `e`,
        // `b` to `A` (in the other crate of its stage).
        let new =
            parse("e = E;\na e:E = A;\nb a:A = B;\n---functions---\nx.f a:A = A;\ny.g b:B = B;\n");
        let rust = RustSchema::new(&new).expect("supported");
        let kept = Partition::with_plan(&rust, &plan);
        references_allowed(&rust, &kept).unwrap();
        let after = kept.plan(&rust);
        let part = |key: &str| after.parts.get(key).map(|&p| part_name(p));
        for (key, expected) in [
            ("constructor e", "1a"),
            ("constructor a", "1a"),
            ("type A", "1a"),
            ("function x.f", "2a"),
            // `b` now needs `A`: the other crate of its stage sees it; its type follows.
            ("constructor b", "1a"),
            ("type B", "1a"),
            ("function y.g", "2b"),
        ] {
            assert_eq!(part(key).as_deref(), Some(expected), "{key}");
        }
    }

    #[test]
    fn topological_numbering_of_components() {
        let schema = api();
        let rust = RustSchema::new(&schema).expect("supported schema");
        let edges = rust.item_graph(References::All);
        let component = strongly_connected_components(&edges);
        for (from, targets) in edges.iter().enumerate() {
            for &to in targets {
                assert!(component[from] <= component[to], "{from} -> {to}");
            }
        }
    }

    #[test]
    fn namespaces_with_nothing_in_common_go_to_different_halves() {
        let text = "a.x#1 s:Shared = a.X;\nb.y#2 s:Shared = b.Y;\nshared#3 = Shared;\n\
                    c.z#6 = c.Z;\n\
                    ---functions---\n\
                    a.get#4 = a.X;\nb.get#5 = b.Y;\nc.get#7 = c.Z;\n";
        let parsed = parse_schema(&[SourceFile::new("t.tl", text)]).expect("valid schema");
        let rust = RustSchema::new(&parsed.schema).expect("supported schema");
        let partition = Partition::new(&rust);
        let [first, second] = &partition.namespaces;
        assert!(
            !first.is_empty() && !second.is_empty(),
            "{first:?} {second:?}"
        );
        let of_enum = |name: &str| {
            let k = rust.enums.keys().position(|n| n == name).expect("enum");
            partition.of_enum(&rust, k)
        };
        // What both halves use comes first; what uses it comes later, in its own half.
        assert!(stage(of_enum("Shared")) < stage(of_enum("a.X")));
        if first.contains(&"a".to_owned()) != first.contains(&"b".to_owned()) {
            assert_ne!(of_enum("a.X"), of_enum("b.Y"));
        }
        // c.Z uses nothing shared: it compiles in the first stage, beside the base.
        assert_eq!(stage(of_enum("c.Z")), 0);
    }
}
