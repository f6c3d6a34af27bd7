use tl_parser::*;
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sources: Vec<SourceFile> = args.iter().map(|a| {
        let bytes = std::fs::read(a).unwrap();
        match SourceFile::from_bytes(a.clone(), &bytes) { Ok(s) => s, Err(r) => { eprintln!("{}", r.render(&[SourceFile::new(a.clone(), String::from_utf8_lossy(&bytes))], false)); std::process::exit(1) } }
    }).collect();
    let t = std::time::Instant::now();
    match parse_schema(&sources) {
        Ok(p) => {
            let s = &p.schema;
            let c = s.definitions.iter().filter(|d| d.category == Category::Type).count();
            println!("{:?} defs={} ctors={} funcs={} layer={:?} warnings={}", t.elapsed(), s.definitions.len(), c, s.definitions.len()-c, s.layer, p.warnings.len());
            print!("{}", Report{diagnostics: p.warnings}.render(&sources, false));
        }
        Err(r) => { println!("{:?}", t.elapsed()); print!("{}", r.render(&sources, false)); }
    }
}
