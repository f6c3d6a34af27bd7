use tl_parser::*;
fn main() {
    let api = std::fs::read_to_string("schema/api.tl").unwrap();
    let s = vec![SourceFile::new("api.tl", api.clone())];
    for _ in 0..200 { std::hint::black_box(parse_schema(&s).unwrap()); }
}
