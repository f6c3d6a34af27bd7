use tl_parser::*;
fn main() {
    let text = std::fs::read_to_string("/work/shared/schema-corpus/tdlib-secret_api.tl").unwrap();
    let p = parse_schema(&[SourceFile::new("s", text)]).unwrap();
    for d in &p.schema.definitions {
        if explicit_id_reproduced(d) { continue; }
        let mut d2 = d.clone();
        d2.name.name = d.name.name.trim_end_matches(|c: char| c.is_ascii_digit()).to_owned();
        println!("{} {:#010x} -> {} tg={} bk={} canon={}", d.name, d.id, d2.name, telegram_id(&d2)==d.id, telegram_id_bytes_kept(&d2)==d.id, canonical_id(&d2)==d.id);
        println!("    {}", d2);
    }
}
