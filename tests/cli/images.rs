//! Images in banks: `check` finds broken ones, papers and keys show them,
//! Moodle XML and Canvas QTI carry them, imports bring them into a media
//! folder beside the new bank.

use std::fs;

use crate::{aidquiz, fixture, stderr_of, stdout_of};

#[test]
fn a_bank_with_pictures_on_a_question_its_choices_and_its_case_is_clean() {
    aidquiz()
        .arg("check")
        .arg(fixture("images/pictures.toml"))
        .assert()
        .success()
        .stdout("checked 1 bank, 2 questions: no problems\n")
        .stderr("");
}

#[test]
fn check_names_a_missing_file_a_missing_alt_text_and_a_web_address_at_their_lines() {
    let path = fixture("images/broken.toml");
    let output = aidquiz().arg("check").arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = stderr_of(&output);
    let shown = path.display();
    for (code, line, words) in [
        (
            "missing-image",
            13,
            "question `no-file`: the image file `media/not-there.png` is not there",
        ),
        ("image-alt", 24, "the question's image has no alt text"),
        ("image-path", 35, "is a web address"),
    ] {
        assert!(stderr.contains(&format!("error[{code}]: ")), "{code}: {stderr}");
        assert!(stderr.contains(words), "{code}: {stderr}");
        assert!(
            stderr.contains(&format!("{shown}:{line}:")),
            "{code} at line {line}: {stderr}"
        );
    }
    assert!(stderr.contains("3 problems"), "{stderr}");
}

#[test]
fn a_choice_image_for_no_choice_and_a_path_out_of_the_folder_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let bank = fs::read_to_string(fixture("images/pictures.toml"))
        .unwrap()
        .replace("\"Screen below the desk\" = {", "\"Screen on the floor\" = {")
        .replace("media/back.png", "../media/back.png");
    fs::write(dir.path().join("bank.toml"), bank).unwrap();
    let output = aidquiz()
        .arg("check")
        .arg(dir.path().join("bank.toml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("an image is given for \"Screen on the floor\", which matches no choice"),
        "{stderr}"
    );
    assert!(stderr.contains("leads out of the bank's folder"), "{stderr}");
    // The pictures of the other questions are not beside this copy.
    assert!(stderr.contains("error[missing-image]"), "{stderr}");
    assert!(!stdout_of(&output).contains("no problems"));
}

#[test]
fn papers_and_keys_show_each_picture_with_its_alt_text_from_a_copy_in_the_exam_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("exam");
    aidquiz()
        .args(["exam", "generate", "--count", "2", "--seed", "1", "--out"])
        .arg(&out)
        .arg(fixture("images/pictures.toml"))
        .assert()
        .success();
    let paper = fs::read_to_string(out.join("version-A.html")).unwrap();
    let key = fs::read_to_string(out.join("key-A.html")).unwrap();
    for page in [&paper, &key] {
        for (file, alt) in [
            ("hands.png", "A desk with a monitor and a keyboard"),
            ("side.png", "Monitor top level with the eyes"),
            ("recovery.png", "Monitor on the floor under the desk"),
            ("recovery.png", "An ice pack wrapped in a towel on a lower back"),
            ("back.png", "A person hunched over a laptop on a sofa"),
        ] {
            let tag = format!("<img src=\"media/pictures/media/{file}\" alt=\"{alt}\">");
            assert!(page.contains(&tag), "{tag} in\n{page}");
        }
        // Sized to fit the printed page.
        assert!(
            page.contains(".picture img{max-width:100%;max-height:9cm"),
            "{page}"
        );
    }
    for file in ["hands.png", "side.png", "recovery.png", "back.png"] {
        assert_eq!(
            fs::read(out.join("media/pictures/media").join(file)).unwrap(),
            fs::read(fixture("images/media").join(file)).unwrap(),
            "{file}"
        );
    }
    let markdown = fs::read_to_string(out.join("version-A.md")).unwrap();
    assert!(
        markdown.contains("![A desk with a monitor and a keyboard](<media/pictures/media/hands.png>)"),
        "{markdown}"
    );
    // The manifest points at the copies, so the exam grades without the bank.
    let manifest = fs::read_to_string(out.join("exam.toml")).unwrap();
    assert!(
        manifest.contains("file = \"media/pictures/media/hands.png\""),
        "{manifest}"
    );
}
