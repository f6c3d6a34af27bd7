use tl_parser::*;
fn main() {
    let api = std::fs::read_to_string("schema/api.tl").unwrap();
    let mt = std::fs::read_to_string("schema/mtproto.tl").unwrap();
    let sources = vec![SourceFile::new("api.tl", api.clone()), SourceFile::new("mtproto.tl", mt.clone())];
    let mut best = std::time::Duration::MAX;
    for _ in 0..30 { let t = std::time::Instant::now(); let p = parse_schema(&sources).unwrap(); std::hint::black_box(p); best = best.min(t.elapsed()); }
    println!("ours {:?}", best);
    let mut best = std::time::Duration::MAX;
    for _ in 0..30 { let t = std::time::Instant::now(); 
        let a: Vec<_> = grammers_tl_parser::parse_tl_file(&api).collect();
        let b: Vec<_> = grammers_tl_parser::parse_tl_file(&mt).collect();
        std::hint::black_box((a,b)); best = best.min(t.elapsed()); }
    println!("grammers {:?}", best);
}
