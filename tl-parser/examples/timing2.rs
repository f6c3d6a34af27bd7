use tl_parser::*;
fn best(mut f: impl FnMut()) -> std::time::Duration { let mut b = std::time::Duration::MAX; for _ in 0..50 { let t = std::time::Instant::now(); f(); b = b.min(t.elapsed()); } b }
fn main() {
    let api = std::fs::read_to_string("schema/api.tl").unwrap();
    println!("pest only {:?}", best(|| { std::hint::black_box(tl_parser::__pest_only(&api)); }));
    let s = vec![SourceFile::new("api.tl", api.clone())];
    println!("full {:?}", best(|| { std::hint::black_box(parse_schema(&s).unwrap()); }));
    println!("grammers {:?}", best(|| { let v: Vec<_> = grammers_tl_parser::parse_tl_file(&api).collect(); std::hint::black_box(v); }));
}
