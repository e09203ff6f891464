//! Replays every saved fuzz input under `fuzz/regressions/<target>/` through
//! the same entry point its fuzz target uses (`carelint::fuzzing`), on stable,
//! so a crash once found and fixed stays fixed without nightly or cargo-fuzz.

use std::path::Path;

#[test]
fn saved_fuzz_inputs_do_not_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut replayed = 0;
    for target in carelint::fuzzing::TARGETS {
        let dir = root.join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        files.sort();
        for file in files {
            let Ok(data) = std::fs::read(&file) else {
                panic!("cannot read {}", file.display());
            };
            eprintln!("{target}: {}", file.display());
            carelint::fuzzing::run(target, &data);
            replayed += 1;
        }
    }
    assert!(
        replayed > 0,
        "no regression inputs under {}",
        root.display()
    );
}

#[test]
fn every_target_has_a_fuzz_target_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/fuzz_targets");
    for target in carelint::fuzzing::TARGETS {
        assert!(
            root.join(format!("{target}.rs")).is_file(),
            "fuzz/fuzz_targets/{target}.rs is missing"
        );
    }
}
