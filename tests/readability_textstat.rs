//! The `textstat` profile against Python textstat 0.7.13 on the NHS corpus in
//! `../shared/corpus/nhs-beta-2017/` (NHS text written by others, so it lives
//! beside the repo, not in it). The expected numbers in
//! `textstat-0.7.13.json` there were written by textstat itself (see the
//! file's `_about`); `bench/textstat_compare.py` re-measures them live.

use std::path::Path;

use carelint::readability::textstat::score;

#[test]
fn nhs_corpus_scores_equal_python_textstat() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/nhs-beta-2017");
    if !dir.is_dir() {
        // CI always has shared/ beside the clone; elsewhere say why nothing ran.
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is missing: CI must have shared/ beside the repo",
            dir.display()
        );
        eprintln!("skipped: {} is not here", dir.display());
        return;
    }
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("textstat-0.7.13.json")).expect("expected values"),
    )
    .expect("valid JSON");
    let texts = expected["texts"].as_object().expect("a map of texts");
    assert_eq!(texts.len(), 42);
    for (name, want) in texts {
        let text = std::fs::read_to_string(dir.join(name)).expect("corpus text");
        let got = score(&text).unwrap_or_else(|| panic!("{name}: no words"));
        let count = |key: &str| want[key].as_u64().and_then(|n| usize::try_from(n).ok());
        assert_eq!(
            (
                Some(got.words),
                Some(got.sentences),
                Some(got.syllables),
                Some(got.polysyllables)
            ),
            (
                count("words"),
                count("sentences"),
                count("syllables"),
                count("polysyllables")
            ),
            "{name}"
        );
        for (key, value) in [
            ("flesch_reading_ease", got.flesch_reading_ease),
            ("flesch_kincaid_grade", got.flesch_kincaid_grade),
            ("smog", got.smog),
            ("coleman_liau", got.coleman_liau),
            ("ari", got.ari),
            ("gunning_fog", got.gunning_fog),
        ] {
            let want = want[key].as_f64().expect("a number");
            // Python prints the shortest round-tripping decimal; serde_json's
            // default parser may land one unit in the last place away.
            assert!(
                (value - want).abs() < 1e-9,
                "{name} {key}: carelint {value}, textstat {want}"
            );
        }
    }
}
