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

/// The `file` and `alt` of every image table in a bank, in file order.
fn images_of(bank: &str) -> Vec<(String, String)> {
    let value: toml::Value = toml::from_str(bank).unwrap();
    let mut found = Vec::new();
    for question in value["questions"].as_array().unwrap() {
        let mut tables: Vec<&toml::Value> = question.get("image").into_iter().collect();
        if let Some(choices) = question.get("choice_images").and_then(toml::Value::as_table) {
            tables.extend(choices.values());
        }
        for table in tables {
            found.push((
                table["file"].as_str().unwrap().to_owned(),
                table["alt"].as_str().unwrap().to_owned(),
            ));
        }
    }
    found
}

#[test]
fn moodle_xml_pictures_come_into_a_media_folder_beside_the_bank_and_those_that_cannot_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ice.toml");
    let output = aidquiz()
        .args(["import", "--out"])
        .arg(&out)
        .arg(fixture("images/moodle-pictures.xml"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = stdout_of(&output);
    assert!(stdout.contains("imported 3 of 3 questions"), "{stdout}");
    assert!(stdout.contains("wrote 3 pictures into"), "{stdout}");
    let bank = fs::read_to_string(&out).unwrap();
    assert_eq!(
        images_of(&bank),
        [
            // `@@PLUGINFILE@@/ice%20pack.png` and its `<file name="ice pack.png">`.
            (
                "ice-media/ice-pack.png".into(),
                "An ice pack on a lower back".into()
            ),
            // A choice's picture, without alt text: its file name stands in.
            ("ice-media/clock.png".into(), "clock.png".into()),
            // Moodle 1.9's `<image>` with `<image_base64>`.
            (
                "ice-media/pics_heating-pad.png".into(),
                "pics_heating pad.png".into()
            ),
        ]
    );
    for (written, expected) in [
        ("ice-pack.png", "ice-pack.png"),
        ("clock.png", "clock.png"),
        ("pics_heating-pad.png", "heating-pad.png"),
    ] {
        assert_eq!(
            fs::read(dir.path().join("ice-media").join(written)).unwrap(),
            fs::read(fixture("images").join(expected)).unwrap(),
            "{written}"
        );
    }
    let stderr = stderr_of(&output);
    for named in [
        "the image clock.png has no alt text: its file name is used",
        "the image pics_heating pad.png has no alt text",
        "the image @@PLUGINFILE@@/timer.png (\"A timer\") in the prompt cannot be brought over: the file has no `<file>` element",
        "the image https://example.com/pack.png (\"A pack\") in the prompt cannot be brought over",
        "the image @@PLUGINFILE@@/broken.png (\"Broken\") in the prompt cannot be brought over: its `<file>` is not valid base64",
    ] {
        assert!(stderr.contains(named), "{named}: {stderr}");
    }
    // The bank it wrote names only files that are there.
    aidquiz().arg("check").arg(&out).assert().success();
}

#[test]
fn a_bank_with_pictures_survives_moodle_xml_export_and_import_with_the_same_bytes_and_alt_texts() {
    let dir = tempfile::tempdir().unwrap();
    let xml = dir.path().join("pictures.xml");
    aidquiz()
        .args(["export", "--to", "moodle-xml", "--out"])
        .arg(&xml)
        .arg(fixture("images/pictures.toml"))
        .assert()
        .success();
    let exported = fs::read_to_string(&xml).unwrap();
    assert!(
        exported.contains("<file name=\"hands.png\" path=\"/pictures/media/\" encoding=\"base64\">"),
        "{exported}"
    );
    assert!(
        exported.contains("@@PLUGINFILE@@/pictures/media/hands.png"),
        "{exported}"
    );
    let back = dir.path().join("again/pictures.toml");
    let output = aidquiz()
        .args(["import", "--out"])
        .arg(&back)
        .arg(&xml)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let original = images_of(&fs::read_to_string(fixture("images/pictures.toml")).unwrap());
    let imported = images_of(&fs::read_to_string(&back).unwrap());
    assert_eq!(original.len(), imported.len(), "{imported:?}");
    for ((file, alt), (new_file, new_alt)) in original.iter().zip(&imported) {
        assert_eq!(alt, new_alt);
        assert_eq!(
            fs::read(fixture("images").join(file)).unwrap(),
            fs::read(dir.path().join("again").join(new_file)).unwrap(),
            "{file} came back as {new_file}"
        );
    }
    aidquiz().arg("check").arg(&back).assert().success();
}

#[test]
fn the_canvas_zip_holds_each_picture_as_a_resource_the_item_points_at() {
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("pictures.zip");
    aidquiz()
        .args(["export", "--to", "qti-canvas", "--out"])
        .arg(&zip_path)
        .arg(fixture("images/pictures.toml"))
        .assert()
        .success();
    let mut zip = zip::ZipArchive::new(fs::File::open(&zip_path).unwrap()).unwrap();
    let names: Vec<String> = zip.file_names().map(|name| name.unwrap().into_owned()).collect();
    let mut read = |name: &str| {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut zip.by_name(name).unwrap(), &mut bytes).unwrap();
        bytes
    };
    assert_eq!(
        read("web_resources/pictures/media/hands.png"),
        fs::read(fixture("images/media/hands.png")).unwrap()
    );
    let manifest = String::from_utf8(read("imsmanifest.xml")).unwrap();
    assert!(
        manifest.contains("type=\"webcontent\" href=\"web_resources/pictures/media/hands.png\""),
        "{manifest}"
    );
    let assessment = names
        .iter()
        .find(|n| n.ends_with(".xml") && n.contains('/') && !n.ends_with("assessment_meta.xml"))
        .unwrap();
    let items = String::from_utf8(read(assessment)).unwrap();
    assert!(
        items.contains(
            "&lt;img src=&quot;$IMS-CC-FILEBASE$/pictures/media/hands.png&quot; alt=&quot;A desk with a monitor and a keyboard&quot;&gt;"
        ),
        "{items}"
    );
    assert!(
        items.contains("$IMS-CC-FILEBASE$/pictures/media/side.png"),
        "{items}"
    );
}

#[test]
fn gift_export_names_each_picture_it_cannot_carry() {
    let dir = tempfile::tempdir().unwrap();
    let output = aidquiz()
        .args(["export", "--to", "gift", "--out"])
        .arg(dir.path().join("p.gift"))
        .arg(fixture("images/pictures.toml"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("GIFT cannot carry files: the question's picture media/hands.png (\"A desk with a monitor and a keyboard\") is left out"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the choice \"Screen at eye level\"'s picture media/side.png"),
        "{stderr}"
    );
}

#[test]
fn a_gift_prompt_picture_beside_the_gift_file_comes_over_and_a_missing_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(fixture("images/clock.png"), dir.path().join("clock.png")).unwrap();
    fs::write(
        dir.path().join("quiz.gift"),
        "$CATEGORY: Ice vs heat\n\n::timing::[html]When is ice used? <img src=\"clock.png\" alt=\"A clock\">{=The first 24 to 72 hours ~After the swelling has gone down}\n\n::gone::[html]Heat suits stiff muscles. <img src=\"gone.png\" alt=\"Gone\">{T}\n",
    )
    .unwrap();
    let out = dir.path().join("bank/quiz.toml");
    let output = aidquiz()
        .args(["import", "--topic", "ice-vs-heat", "--out"])
        .arg(&out)
        .arg(dir.path().join("quiz.gift"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let bank = fs::read_to_string(&out).unwrap();
    assert_eq!(
        images_of(&bank),
        [("quiz-media/clock.png".to_owned(), "A clock".to_owned())]
    );
    assert_eq!(
        fs::read(dir.path().join("bank/quiz-media/clock.png")).unwrap(),
        fs::read(fixture("images/clock.png")).unwrap()
    );
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("the image gone.png cannot be brought over"),
        "{stderr}"
    );
}

#[test]
fn the_terminal_names_each_picture_with_its_file_and_alt_text() {
    let dir = tempfile::tempdir().unwrap();
    let output = aidquiz()
        .args([
            "take",
            "--learner",
            "ana",
            "--count",
            "2",
            "--seed",
            "1",
            "--store",
        ])
        .arg(dir.path().join("progress.db"))
        .arg(fixture("images/pictures.toml"))
        .write_stdin("\n\n")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = stdout_of(&output);
    for line in [
        "[image: media/back.png — A person hunched over a laptop on a sofa]\n",
        "Which workstation set-up does the article recommend for Sam?\n[image: media/hands.png — A desk with a monitor and a keyboard]\n",
        "  A) Screen at eye level [image: media/side.png — Monitor top level with the eyes]\n",
        "  C) Screen above the head\n",
        "[image: media/recovery.png — An ice pack wrapped in a towel on a lower back]\n",
    ] {
        assert!(stdout.contains(line), "{line:?} in\n{stdout}");
    }
}

/// The bytes and content type at `path` on the server.
fn fetch(server: &crate::serve::Server, path: &str) -> (u16, String, Vec<u8>) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let response = agent.get(format!("{}{path}", server.base)).call().unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = response.into_body().read_to_vec().unwrap_or_default();
    (status, content_type, bytes)
}

#[test]
fn the_browser_shows_the_pictures_and_serves_only_the_files_a_bank_names() {
    let server = crate::serve::Server::start(&[fixture("images/pictures.toml")]);
    let mut client = crate::serve::Client::new(&server);
    client.sign_in("Ana");
    let (path, _) = client.start_quiz("2", "", "exam");
    let mut pages = String::new();
    for number in 1..=2 {
        pages.push_str(&client.get(&format!("{path}/{number}")).body);
    }
    for tag in [
        "<img class=\"picture\" src=\"/media/pictures/media/back.png\" alt=\"A person hunched over a laptop on a sofa\">",
        "<img class=\"picture\" src=\"/media/pictures/media/hands.png\" alt=\"A desk with a monitor and a keyboard\">",
        "<img class=\"picture\" src=\"/media/pictures/media/side.png\" alt=\"Monitor top level with the eyes\">",
        "<img class=\"picture\" src=\"/media/pictures/media/recovery.png\" alt=\"An ice pack wrapped in a towel on a lower back\">",
    ] {
        assert!(pages.contains(tag), "{tag} in\n{pages}");
    }
    let (status, content_type, bytes) = fetch(&server, "/media/pictures/media/hands.png");
    assert_eq!((status, content_type.as_str()), (200, "image/png"));
    assert_eq!(bytes, fs::read(fixture("images/media/hands.png")).unwrap());
    // A file beside the bank that no bank names, the bank itself, a way out
    // of the folder (plain and encoded): none is served.
    for path in [
        "/media/pictures/pictures.toml",
        "/media/pictures/media/../pictures.toml",
        "/media/pictures/media/%2e%2e/%2e%2e/Cargo.toml",
        "/media/pictures/../../Cargo.toml",
        "/media//etc/passwd",
        "/media/broken-pictures/media/hands.png",
    ] {
        let (status, _, bytes) = fetch(&server, path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !String::from_utf8_lossy(&bytes).contains("format_version"),
            "{path}"
        );
    }
}

/// A large picture is sent a piece at a time as it is read (a class
/// loading one over a slow network held a whole copy per learner): every
/// byte arrives, in order, under the length announced.
#[test]
fn a_picture_larger_than_one_piece_arrives_whole() {
    let dir = tempfile::tempdir().unwrap();
    let bank = bank_copy(dir.path());
    // A PNG's first bytes, then 300 KB no two pieces of which are alike.
    let mut large = b"\x89PNG\r\n\x1a\n".to_vec();
    large.extend((0..300_000u32).map(|n| (n.wrapping_mul(2_654_435_761) >> 24) as u8));
    fs::write(bank.join("media/back.png"), &large).unwrap();
    let server = crate::serve::Server::start(&[bank.join("pictures.toml")]);
    let (status, content_type, bytes) = fetch(&server, "/media/pictures/media/back.png");
    assert_eq!((status, content_type.as_str()), (200, "image/png"));
    assert_eq!(bytes.len(), large.len());
    assert!(bytes == large, "the bytes differ");
}

/// A store with one attempt at two of the pictures bank's questions.
fn store_with_pictures_taken(dir: &std::path::Path) -> std::path::PathBuf {
    let store = dir.join("progress.db");
    aidquiz()
        .args([
            "take",
            "--learner",
            "ana",
            "--count",
            "2",
            "--seed",
            "1",
            "--store",
        ])
        .arg(&store)
        .arg(fixture("images/pictures.toml"))
        .write_stdin("A\nT\n")
        .assert()
        .success();
    store
}

/// `report items` in `format` over that store, with the pictures bank.
fn item_report(store: &std::path::Path, format: &str) -> String {
    let output = aidquiz()
        .args(["report", "items", "--format", format, "--store"])
        .arg(store)
        .arg("--bank")
        .arg(fixture("images/pictures.toml"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    stdout_of(&output)
}

#[test]
fn the_item_analysis_page_shows_each_question_with_its_picture_embedded() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_pictures_taken(dir.path());
    let page = item_report(&store, "html");
    use base64::Engine as _;
    let hands = base64::engine::general_purpose::STANDARD
        .encode(fs::read(fixture("images/media/hands.png")).unwrap());
    let tag = format!(
        "<img class=\"picture\" src=\"data:image/png;base64,{hands}\" alt=\"A desk with a monitor and a keyboard\">"
    );
    assert!(page.contains(&tag), "{tag} in\n{page}");
    assert!(
        page.contains("alt=\"An ice pack wrapped in a towel on a lower back\">"),
        "{page}"
    );
}

/// The text formats cannot hold a picture: CSV and Markdown name it in the
/// prompt as the terminal does, JSON by its file and alt text.
#[test]
fn the_item_analysis_in_csv_markdown_and_json_names_each_picture() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_pictures_taken(dir.path());
    let in_words = "[image: media/hands.png — A desk with a monitor and a keyboard]";
    // Markdown escapes the brackets, so they read as written.
    let escaped = r"\[image: media/hands.png — A desk with a monitor and a keyboard\]";
    for (format, expected) in [("csv", in_words), ("md", escaped)] {
        let text = item_report(&store, format);
        assert!(text.contains(expected), "{format}: {expected} in\n{text}");
        assert!(!text.contains("base64"), "{format}:\n{text}");
    }
    let json: serde_json::Value = serde_json::from_str(&item_report(&store, "json")).unwrap();
    let images: Vec<&serde_json::Value> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|item| item.get("image"))
        .collect();
    assert!(
        images.contains(&&serde_json::json!({
            "file": "media/hands.png",
            "alt": "A desk with a monitor and a keyboard"
        })),
        "{json:#}"
    );
}

/// A copy of the pictures bank and its pictures, in `dir/bank/`.
fn bank_copy(dir: &std::path::Path) -> std::path::PathBuf {
    let bank = dir.join("bank");
    fs::create_dir_all(bank.join("media")).unwrap();
    fs::copy(fixture("images/pictures.toml"), bank.join("pictures.toml")).unwrap();
    for file in ["back.png", "hands.png", "recovery.png", "side.png"] {
        fs::copy(fixture("images/media").join(file), bank.join("media").join(file)).unwrap();
    }
    bank
}

/// `check` on the bank at `bank`: its exit code and standard error.
fn check(bank: &std::path::Path) -> (Option<i32>, String) {
    let output = aidquiz()
        .arg("check")
        .arg(bank)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    (output.status.code(), stderr_of(&output))
}

/// A symbolic link in a bank's folder to a file outside it was checked
/// clean, copied into exam folders, embedded in reports and served to every
/// learner: a link named `media/hands.png` to `/etc/passwd` handed that
/// file out. `check` now refuses it, and nothing reads through it.
#[cfg(unix)]
#[test]
fn a_picture_linked_from_outside_the_banks_folder_is_refused_and_never_read() {
    use base64::Engine as _;
    let dir = tempfile::tempdir().unwrap();
    let bank = bank_copy(dir.path());
    let outside = dir.path().join("private");
    fs::create_dir(&outside).unwrap();
    // A PNG's first bytes, so that only the way out is wrong.
    let secret = [&b"\x89PNG\r\n\x1a\n"[..], b"the instructor's private notes"].concat();
    fs::write(outside.join("notes.png"), &secret).unwrap();
    let encoded = base64::engine::general_purpose::STANDARD.encode(&secret);
    let link_out = |at: &std::path::Path| {
        fs::remove_file(at).unwrap();
        std::os::unix::fs::symlink(outside.join("notes.png"), at).unwrap();
    };
    link_out(&bank.join("media/hands.png"));
    let pictures = bank.join("pictures.toml");

    let (code, stderr) = check(&pictures);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "error[unusable-image]: question `screen-height`: the image file `media/hands.png` cannot be used: "
        ),
        "{stderr}"
    );
    assert!(stderr.contains("leads out of the folder"), "{stderr}");
    assert!(stderr.contains("1 problem"), "{stderr}");

    // An exam is not made from it.
    let exam = dir.path().join("exam");
    let output = aidquiz()
        .args(["exam", "generate", "--count", "2", "--seed", "1", "--out"])
        .arg(&exam)
        .arg(&pictures)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr_of(&output));
    assert!(!exam.join("media/pictures/media/hands.png").exists());

    // The item analysis takes texts from a bank with problems: it names
    // the picture and embeds the others, but not this one.
    let store = store_with_pictures_taken(dir.path());
    let output = aidquiz()
        .args(["report", "items", "--format", "html", "--store"])
        .arg(&store)
        .arg("--bank")
        .arg(&pictures)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let page = stdout_of(&output);
    assert!(!page.contains(&encoded), "{page}");
    assert!(
        page.contains("alt=\"An ice pack wrapped in a towel on a lower back\">"),
        "{page}"
    );

    // `serve` checks its banks at start-up; a picture swapped for such a
    // link afterwards is not handed out either.
    let served = bank_copy(&dir.path().join("served"));
    let server = crate::serve::Server::start(&[served.join("pictures.toml")]);
    let (status, _, _) = fetch(&server, "/media/pictures/media/hands.png");
    assert_eq!(status, 200);
    link_out(&served.join("media/hands.png"));
    let (status, _, bytes) = fetch(&server, "/media/pictures/media/hands.png");
    assert_eq!(status, 404);
    assert!(!bytes.windows(secret.len()).any(|w| w == secret.as_slice()));
}

/// A picture's file that was a folder or a named pipe was reported as "not
/// there"; one of 2 GB, an empty one, or a web page saved as `.png` was
/// checked clean and failed later or showed a broken picture. Each is now
/// named for what it is, at the line of its `image`. A JPEG under a `.png`
/// name (browsers show it) and a real SVG pass.
#[cfg(unix)]
#[test]
fn a_picture_file_that_is_a_folder_a_pipe_too_large_or_not_a_picture_is_named_by_check() {
    type Make = Box<dyn Fn(&std::path::Path)>;
    let unusable =
        "error[unusable-image]: question `screen-height`: the image file `media/hands.png` cannot be used: ";
    let cases: Vec<(&str, Make, Vec<&str>)> = vec![
        (
            "png",
            Box::new(|at| fs::create_dir(at).unwrap()),
            vec![unusable, "is a folder, not a picture"],
        ),
        (
            "png",
            Box::new(crate::hostile::mkfifo),
            vec![unusable, "is a named pipe (FIFO), not a picture"],
        ),
        (
            "png",
            Box::new(|at| fs::File::create(at).unwrap().set_len(2 << 30).unwrap()),
            vec![
                unusable,
                "is larger than 20 MB, too large for a picture; save it smaller",
            ],
        ),
        (
            "png",
            Box::new(|at| fs::write(at, "<!DOCTYPE html><html><body>Not found</body></html>").unwrap()),
            vec![
                "error[not-a-picture]: question `screen-height`: the image file `media/hands.png` is not a PNG, JPEG, GIF or WebP picture",
            ],
        ),
        (
            "png",
            Box::new(|at| fs::write(at, "").unwrap()),
            vec!["error[not-a-picture]: question `screen-height`: the image file `media/hands.png` is empty"],
        ),
        (
            "svg",
            Box::new(|at| fs::copy(fixture("images/media/hands.png"), at).map(drop).unwrap()),
            vec![
                "error[not-a-picture]: question `screen-height`: the image file `media/hands.svg` is not an SVG picture",
            ],
        ),
        // Clean: a JPEG under a `.png` name, and an SVG.
        (
            "png",
            Box::new(|at| fs::write(at, b"\xff\xd8\xff\xe0\0\x10JFIF\0").unwrap()),
            vec![],
        ),
        (
            "svg",
            Box::new(|at| {
                fs::write(
                    at,
                    "<?xml version=\"1.0\"?>\n<!-- drawn by hand -->\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"2\" height=\"2\"/>\n",
                )
                .unwrap();
            }),
            vec![],
        ),
    ];
    for (extension, make, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let bank = bank_copy(dir.path());
        let file = format!("media/hands.{extension}");
        fs::remove_file(bank.join("media/hands.png")).unwrap();
        make(&bank.join(&file));
        let pictures = bank.join("pictures.toml");
        let text = fs::read_to_string(&pictures)
            .unwrap()
            .replace("media/hands.png", &file);
        fs::write(&pictures, text).unwrap();
        let (code, stderr) = check(&pictures);
        if expected.is_empty() {
            assert_eq!((code, stderr.as_str()), (Some(0), ""), "{file}");
            continue;
        }
        assert_eq!(code, Some(1), "{file}: {stderr}");
        for words in expected {
            assert!(stderr.contains(words), "{words} in\n{stderr}");
        }
        // At the line of the question's `image`.
        assert!(
            stderr.contains(&format!("{}:22:", pictures.display())),
            "{stderr}"
        );
        assert!(stderr.contains("1 problem"), "{stderr}");
    }
}

/// The Markdown paper dropped `<` and `>` from a picture's name, so its
/// link pointed at a file the exam folder does not have.
#[test]
fn the_markdown_paper_links_a_picture_whose_name_holds_angle_brackets() {
    let dir = tempfile::tempdir().unwrap();
    let bank = bank_copy(dir.path());
    fs::rename(bank.join("media/hands.png"), bank.join("media/a>b c.png")).unwrap();
    let pictures = bank.join("pictures.toml");
    let text = fs::read_to_string(&pictures)
        .unwrap()
        .replace("media/hands.png", "media/a>b c.png");
    fs::write(&pictures, text).unwrap();
    let exam = dir.path().join("exam");
    aidquiz()
        .args(["exam", "generate", "--count", "2", "--seed", "1", "--out"])
        .arg(&exam)
        .arg(&pictures)
        .assert()
        .success();
    assert!(exam.join("media/pictures/media/a>b c.png").is_file());
    let markdown = fs::read_to_string(exam.join("version-A.md")).unwrap();
    assert!(
        markdown.contains("(<media/pictures/media/a%3Eb%20c.png>)"),
        "{markdown}"
    );
}
